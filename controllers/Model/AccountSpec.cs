namespace SacOperator.Model;

public sealed record AccountSpec
{
    public CredentialRef Credentials { get; init; } = new();

    public QuotaSpec Quota { get; init; } = new();

    /// <summary>Accounts agents move to when this one is exhausted, in order.</summary>
    public IReadOnlyList<string> RotateTo { get; init; } = [];
}
