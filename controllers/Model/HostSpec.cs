namespace SacOperator.Model;

public sealed record HostSpec
{
    /// <summary><c>local</c> or an ssh destination such as <c>user@login1.cluster</c>.</summary>
    public string Address { get; init; } = "local";

    public SshSpec? Ssh { get; init; }

    public HostCapacity Capacity { get; init; } = new();

    /// <summary>Drain: no new agents are placed here.</summary>
    public bool Unschedulable { get; init; }
}
