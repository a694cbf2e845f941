namespace SacOperator.Model;

public sealed record RestartSpec
{
    /// <summary><c>never</c>, <c>on-failure</c> or <c>always</c>.</summary>
    public string Policy { get; init; } = RestartPolicies.Always;

    /// <summary>Consecutive failed runs restarted before giving up; -1 means no limit.</summary>
    public int MaxRetries { get; init; } = 3;

    public BackoffSpec Backoff { get; init; } = new();
}
