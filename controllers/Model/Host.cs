namespace SacOperator.Model;

/// <summary>A machine agents are placed on: this host (<c>local</c>) or an ssh target.</summary>
public sealed record Host : Resource
{
    public override string Kind => ResourceKinds.Host;

    public HostSpec Spec { get; init; } = new();

    public HostStatus? Status { get; init; }

    public override object SpecObject => Spec;

    public override ResourceStatus? StatusObject => Status;
}
