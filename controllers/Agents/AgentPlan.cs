using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>The planner's decision: one action, the record to persist, and the status to report if the action succeeds.</summary>
public sealed record AgentPlan
{
    public AgentAction Action { get; init; }

    /// <summary>The record after this step; null means delete it.</summary>
    public AgentRecord? Record { get; init; }

    /// <summary>For <see cref="AgentAction.Start"/>: the record if the start succeeds (restart counted); the executor adds the process.</summary>
    public AgentRecord? RecordOnSuccess { get; init; }

    public required string Phase { get; init; }

    /// <summary>CamelCase reason for the Ready condition.</summary>
    public required string Reason { get; init; }

    public string Message { get; init; } = "";

    /// <summary>True, False, or Unknown (null).</summary>
    public bool? Ready { get; init; }

    public bool CrashLooping { get; init; }

    public TimeSpan? RequeueAfter { get; init; }

    public IReadOnlyList<PlannedEvent> Events { get; init; } = [];

    /// <summary>A restart being performed, to append to the restart history.</summary>
    public RestartEntry? Restart { get; init; }

    /// <summary>For <see cref="AgentAction.Start"/>: the account whose credentials the run uses (null: none is named).</summary>
    public AccountDependency? Account { get; init; }

    /// <summary>The Healthy condition (what the agent's own stream says); null: not reported.</summary>
    public bool? Healthy { get; init; }

    public string? HealthyReason { get; init; }

    /// <summary>Stop intent for <see cref="AgentAction.Terminate"/>.</summary>
    public string? StopIntent { get; init; }
}
