namespace SacOperator.Model;

/// <summary>Credentials plus the quota they draw on.</summary>
public sealed record Account : Resource
{
    public override string Kind => ResourceKinds.Account;

    public AccountSpec Spec { get; init; } = new();

    public AccountStatus? Status { get; init; }

    public override object SpecObject => Spec;

    public override ResourceStatus? StatusObject => Status;
}
