namespace SacOperator.Model;

public sealed record HostSpec
{
    /// <summary><c>local</c> or an ssh destination such as <c>user@login1.cluster</c>.</summary>
    public string Address { get; init; } = "local";

    /// <summary>ssh settings used when address is an ssh destination.</summary>
    public SshSpec? Ssh { get; init; }

    /// <summary>Limits for placing agents here.</summary>
    public HostCapacity Capacity { get; init; } = new();

    /// <summary>Drain: no new agents are placed here.</summary>
    public bool Unschedulable { get; init; }
}
