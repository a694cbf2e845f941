using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.Sessions;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Agents;

/// <summary>The whole input of <see cref="AgentPlanner.Plan"/>: desired state, durable record and what was observed.</summary>
public sealed record AgentObservation
{
    public required ResourceKey Key { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>Null when no spec defines the agent any more.</summary>
    public StoredResource? Desired { get; init; }

    public AgentRecord? Record { get; init; }

    public ProcessObservation Process { get; init; } = ProcessObservation.NotStarted;

    public HealthVerdict Health { get; init; } = HealthVerdict.Alive;

    public RuntimeCheck Runtime { get; init; } = RuntimeCheck.Ok;

    /// <summary>False when the spec places the agent on another host.</summary>
    public bool PlacedHere { get; init; } = true;

    public string HostName { get; init; } = "";

    /// <summary>
    /// Set while the agent's node cannot observe its host (an ssh Host that does not answer): what
    /// runs there is unknown, and unknown is never a reason to start, stop or move (decision 0025).
    /// </summary>
    public NodeOutage? NodeOutage { get; init; }

    /// <summary>The Host placement chose for a <c>spec.hostSelector</c> (directory mode); null when the spec decides.</summary>
    public string? PlacedOn { get; init; }

    /// <summary>Why no Host fits the agent's <c>spec.hostSelector</c>; null when placed.</summary>
    public string? Unschedulable { get; init; }

    /// <summary>Hash of the spec fields that shape the process; a change restarts it.</summary>
    public string? SpecHash { get; init; }

    /// <summary>Newest restart request (CLI/API) for this agent.</summary>
    public DateTimeOffset? RestartRequestedAt { get; init; }

    /// <summary>The newest restart request asks for a new Claude Code session (<c>sacop restart --new-session</c>).</summary>
    public bool RestartWantsNewSession { get; init; }

    /// <summary>Last lines of stderr, read only when an exit is being recorded.</summary>
    public string? StderrTail { get; init; }

    public required string InstanceName { get; init; }

    /// <summary>The image, account and host the agent depends on, as observed now.</summary>
    public AgentDependencies Dependencies { get; init; } = AgentDependencies.None;

    /// <summary>Live processes of the last run whose leader is gone (descendants left behind); must be empty before anything starts.</summary>
    public IReadOnlyList<MarkedProcess> Leftovers { get; init; } = [];

    /// <summary>
    /// A turn is under way in the agent's Claude Code session (from <see cref="Session"/>): an
    /// account move waits for its end.
    /// </summary>
    public bool TurnInFlight { get; init; }

    /// <summary>What the agent's Claude Code session stream said (null: not a Claude Code agent, or not followed).</summary>
    public SessionState? Session { get; init; }

    public Agent? Agent => Desired?.Resource as Agent;
}
