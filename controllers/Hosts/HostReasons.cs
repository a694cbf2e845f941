namespace SacOperator.Hosts;

/// <summary>Reasons of a Host's Ready condition and phase.</summary>
public static class HostReasons
{
    public const string Probed = "Probed";

    /// <summary>ssh could not connect or authenticate (exit 255).</summary>
    public const string Unreachable = "Unreachable";

    /// <summary>The probe did not finish within its timeout.</summary>
    public const string ProbeTimeout = "ProbeTimeout";

    /// <summary>The probe ran but did not report (the preamble or the shell failed it).</summary>
    public const string ProbeFailed = "ProbeFailed";

    /// <summary>Not probed yet since the operator started.</summary>
    public const string Probing = "Probing";
}
