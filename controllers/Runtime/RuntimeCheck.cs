namespace SacOperator.Runtime;

/// <summary>Whether a runtime can start agents on this host, and if not, what to do about it.</summary>
public sealed record RuntimeCheck(bool Available, string Message)
{
    public static readonly RuntimeCheck Ok = new(true, "");
}
