namespace SacOperator.Model;

/// <summary>
/// Progress of moving the Image's agents onto its active version. It is also the record of which
/// version each agent runs while a rollout is under way (decision 0026): an agent with an entry
/// runs that entry's version, any other the rollout's <see cref="Version"/>.
/// </summary>
public sealed record ImageRolloutStatus
{
    /// <summary>The version agents are being moved to.</summary>
    public required string Version { get; init; }

    /// <summary>Waiting, Progressing, Complete or Failed.</summary>
    public required string Phase { get; init; }

    /// <summary>Agents on the version and proven healthy.</summary>
    public int Updated { get; init; }

    /// <summary>Agents that run the image.</summary>
    public int Total { get; init; }

    /// <summary>The agents being moved now.</summary>
    public IReadOnlyList<string> Moving { get; init; } = [];

    /// <summary>When the rollout to <see cref="Version"/> started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it stopped on a failure, or was last asked to go on.</summary>
    public DateTimeOffset? ChangedAt { get; init; }

    /// <summary>What the rollout is doing or why it stopped (naming the agent).</summary>
    public string? Message { get; init; }

    /// <summary>The agents of a rollout under way, each with the version it is to run; empty once Complete.</summary>
    public IReadOnlyList<RolloutAgentStatus> Agents { get; init; } = [];
}
