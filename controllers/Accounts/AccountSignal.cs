namespace SacOperator.Accounts;

/// <summary>
/// What an agent's own stream said about the account it runs on (the Claude Code session reader
/// reports these): a rate limit with the time it lifts, or credentials refused.
/// </summary>
/// <param name="Kind"><see cref="RateLimited"/> or <see cref="AuthenticationFailed"/>.</param>
/// <param name="Agent">The agent whose stream said it (for messages).</param>
/// <param name="At">When the stream said it.</param>
/// <param name="ResetsAt">For a rate limit: when it lifts, if the stream said.</param>
public sealed record AccountSignal(string Kind, string Agent, DateTimeOffset At, DateTimeOffset? ResetsAt = null)
{
    public const string RateLimited = "RateLimited";
    public const string AuthenticationFailed = "AuthenticationFailed";
}
