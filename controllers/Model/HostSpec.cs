namespace SacOperator.Model;

public sealed record HostSpec
{
    /// <summary><c>local</c> or an ssh destination such as <c>user@login1.cluster</c>.</summary>
    public string Address { get; init; } = "local";

    /// <summary>ssh settings used when address is an ssh destination.</summary>
    public SshSpec? Ssh { get; init; }

    /// <summary>Limits for placing agents here.</summary>
    public HostCapacity Capacity { get; init; } = new();

    /// <summary>Cordoned: no new agents are placed here (<c>sacop cordon</c>); agents already here keep running.</summary>
    public bool Unschedulable { get; init; }

    /// <summary>
    /// Shell lines run before every command on the host, for non-login shells that lack the user's
    /// setup (e.g. <c>module load apptainer</c>). Runs in the same shell as the command; never put secrets here.
    /// </summary>
    public string? Preamble { get; init; }

    /// <summary>Where the node helper is on an ssh host; unused for <c>local</c>.</summary>
    public HostNodeSpec Node { get; init; } = new();

    /// <summary>Time between probes of the host.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromSeconds(30);
}
