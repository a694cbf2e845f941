namespace SacOperator.Agents;

/// <summary>
/// What an Agent depends on besides its own spec, as observed now (decision 0015). Unknown values
/// are null and never restart anything.
/// </summary>
public sealed record AgentDependencies
{
    public static readonly AgentDependencies None = new();

    /// <summary>Null when the agent runs no image (the local runtime) or names none.</summary>
    public ImageDependency? Image { get; init; }

    /// <summary>Null when the agent names no Account resource.</summary>
    public AccountDependency? Account { get; init; }

    /// <summary>The accounts of <c>spec.accounts</c>, in preference order (empty without a pool).</summary>
    public IReadOnlyList<AccountDependency> Pool { get; init; } = [];

    public HostDependency Host { get; init; } = HostDependency.Local;
}
