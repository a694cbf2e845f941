namespace SacOperator.Model;

/// <summary>One agent in an Image's rollout: the version it is to run now, which the Agent controller follows.</summary>
public sealed record RolloutAgentStatus
{
    /// <summary>The Agent's name (in the Image's namespace).</summary>
    public required string Name { get; init; }

    /// <summary>The version the agent is to run now.</summary>
    public required string Version { get; init; }

    /// <summary>The version it ran before it was moved (where it goes back to when it fails).</summary>
    public string? From { get; init; }

    /// <summary>pending, moving or failed (an agent proven on the rollout's version has no entry).</summary>
    public required string State { get; init; }

    /// <summary>When it started moving, or failed.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>The agent's restart count when it started moving (the move's own restart is the only one allowed).</summary>
    public int RestartsAtMove { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Reason { get; init; }
}
