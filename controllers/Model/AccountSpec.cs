namespace SacOperator.Model;

public sealed record AccountSpec
{
    /// <summary>Where the credentials are; exactly one field is set.</summary>
    public CredentialRef Credentials { get; init; } = new();

    /// <summary>Where usage is read and when the account counts as exhausted.</summary>
    public QuotaSpec Quota { get; init; } = new();

    /// <summary>Accounts agents move to when this one is exhausted, in order.</summary>
    public IReadOnlyList<string> RotateTo { get; init; } = [];
}
