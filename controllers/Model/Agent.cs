namespace SacOperator.Model;

/// <summary>A long-lived AI coding agent kept running on a host.</summary>
public sealed record Agent : Resource
{
    public override string Kind => ResourceKinds.Agent;

    public AgentSpec Spec { get; init; } = new();

    public AgentStatus? Status { get; init; }

    public override object SpecObject => Spec;

    public override ResourceStatus? StatusObject => Status;
}
