namespace SacOperator.Model;

public sealed record SecretKeyRef
{
    public required string Name { get; init; }

    public string Key { get; init; } = "credentials";
}
