using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SacOperator.Accounts;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Agents;

/// <summary>
/// Reconciles one Agent key: reads the desired spec (store snapshot) and the actual state (durable
/// record, the process, heartbeat and probes), asks <see cref="AgentPlanner"/> what to do,
/// executes that one action, persists the record and reports status and events. Level-triggered
/// and idempotent: running it twice in a row does nothing the second time.
/// </summary>
public sealed partial class AgentReconciler(
    AgentControllerOptions options,
    IResourceStore store,
    AgentRecords records,
    IStatusWriter status,
    IEventRecorder events,
    NodeRegistry nodes,
    AgentProber prober,
    AgentSessions sessions,
    IAccountSignals accountSignals,
    RestartRequests restarts,
    PlacementMoves moves,
    FleetView fleet,
    HttpClient http,
    StateStore state,
    SacMetrics metrics,
    [FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents,
    TimeProvider time,
    ILogger<AgentReconciler> logger) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var desired = store.Cache.Snapshot.Get(key);
        var (agent, placedOn, unschedulable) = Place(key, desired?.Resource as Agent);
        // Where the agent should run (a deleted one: the Host its status names), and where its
        // current run is: a run is observed and stopped on its own node, also after a move.
        var target = nodes.Resolve(agent is null ? (status.Current(key) as AgentStatus)?.Host : agent.Spec.Host);
        var stored = records.Get(key);
        var node = stored is { Node: { } ranOn } && (stored.Pid is not null || stored.Launching) ? nodes.ResolveRun(ranOn, stored.Pid, stored.StartTicks) : target;
        // A node that cannot observe its host decides nothing: no launch is resolved, adopted or given up.
        var outage = node.Outage;
        var record = outage is null ? ResolveLaunches(node, key, agent, stored ?? AdoptFromRuntimeDir(node, key, desired)) : stored;
        var paths = AgentPaths.For(options.OperatorHome, key);
        var runtime = agent?.Spec.Runtime ?? record?.Runtime ?? AgentRuntimes.Local;
        var process = node.Observe(key, record?.Pid, record?.StartTicks);
        metrics.EnsureAgent(key);
        if (record?.Pid is { } adoptedPid && process.IsAlive && node.TryMarkAnnounced(key, record.Pid.Value, record.StartTicks!.Value))
        {
            LogAdopted(logger, key.ToString(), adoptedPid);
            events.Record(key, EventTypes.Normal, AgentReasons.Adopted, $"adopted running process {adoptedPid} after an operator restart");
        }

        var observation = new AgentObservation
        {
            Key = key,
            Now = now,
            Desired = desired,
            Record = record,
            Process = process,
            Health = process.IsAlive && agent is not null && record is not null ? Health(node, key, agent.Spec, record, paths, runtime, desired) : HealthVerdict.Alive,
            Runtime = agent is null ? RuntimeCheck.Ok : node.Check(runtime),
            // No Host fits but a process runs here (its placement was lost): it keeps running; unknown never stops.
            // An ssh Host's node is run from here (decision 0025); a run on another node than the
            // agent's is not placed here: it is stopped there, then the agent starts on its node.
            PlacedHere = agent is null || (unschedulable is null
                ? (options.IsThisHost(agent.Spec.Host) || IsLocalHost(agent.Spec.Host) || !ReferenceEquals(target, nodes.Local)) && ReferenceEquals(node, target)
                : process.IsAlive),
            NodeOutage = outage,
            HostName = options.HostName,
            PlacedOn = placedOn,
            Unschedulable = unschedulable,
            SpecHash = agent is null ? null : SpecHashes.Process(agent.Spec),
            RestartRequestedAt = restarts.Latest(key),
            RestartWantsNewSession = restarts.LatestWantsNewSession(key),
            StderrTail = process.Status == ProcessStatus.Exited && record?.Pid is not null
                ? node.TailLog(paths.Stderr, record.StderrOffset) is { } tail ? Redactor.Redact(tail, agent?.Spec) : null
                : null,
            InstanceName = AgentPaths.InstanceName(key),
            Leftovers = process.IsAlive ? [] : Leftovers(node, key, record),
            Dependencies = agent is null ? AgentDependencies.None : WithOutage(AgentDependencyReader.Read(node, agent, SpecDirectory(desired), store.Cache.Snapshot, status), outage),
            Session = FollowSession(key, node, agent, paths, process.IsAlive),
        };
        observation = observation with { TurnInFlight = observation.Session?.TurnInFlightSince is not null };
        if (!process.IsAlive)
        {
            prober.Stop(key);
        }

        var plan = AgentPlanner.Plan(observation);
        sessions.SetStalled(key, plan.Reason == AgentReasons.Stalled);
        RecordEvents(key, plan.Events);
        ReportToAccount(observation, plan, record);
        var (final, planned) = await ExecuteAsync(node, observation, plan, runtime, paths, cancellationToken).ConfigureAwait(false);
        await ReportAsync(observation, planned, final, paths, cancellationToken).ConfigureAwait(false);
        if (record?.Pid is not null && final?.Pid != record.Pid)
        {
            node.Release(record.Pid, record.StartTicks);
        }

        var requeue = planned.RequeueAfter;
        if (process.Detail is not null && final?.Pid is not null)
        {
            // The process could not be watched for exit: poll it instead.
            requeue = requeue is { } r && r < PollInterval ? r : PollInterval;
        }

        if (!ReferenceEquals(node, target) && final is { Pid: null, Launching: false })
        {
            // This pass saw the run end on the node it ran on: the next one, on the node the agent
            // is placed on now, starts it there. Nothing else would raise the key again.
            requeue = TimeSpan.Zero;
        }

        var periodic = planned.Action == AgentAction.None && planned.Phase is AgentPhases.Running or AgentPhases.Frozen;
        return requeue is { } delay ? ReconcileResult.After(periodic ? Spread(delay) : delay) : ReconcileResult.Done;
    }

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    /// <summary>A host that does not answer holds starts back like a NotReady one, with the node's reason.</summary>
    private static AgentDependencies WithOutage(AgentDependencies dependencies, NodeOutage? outage) =>
        outage is null ? dependencies : dependencies with { Host = dependencies.Host with { Ready = false, Reason = outage.Reason, Message = outage.Message } };

    /// <summary>A Claude Code agent's session (its stream is followed while it runs); null for any other agent.</summary>
    private Sessions.SessionState? FollowSession(ResourceKey key, INode node, Agent? agent, AgentPaths paths, bool running)
    {
        if (agent is null || agent.Spec.Command is { Count: > 0 })
        {
            sessions.Release(key);
            return null;
        }

        return sessions.Observe(key, node, paths, running);
    }

    /// <summary>±10% on the periodic re-checks of running agents; deadlines (back-off, grace) stay exact.</summary>
    private TimeSpan Spread(TimeSpan delay) => delay * (0.9 + (0.2 * options.Jitter()));

    private void RecordEvents(ResourceKey key, IReadOnlyList<PlannedEvent> planned)
    {
        foreach (var e in planned)
        {
            events.Record(key, e.Type, e.Reason, e.Message);
            if (e.Type == EventTypes.Warning)
            {
                LogWarningEvent(logger, key.ToString(), e.Reason, e.Message);
            }
            else
            {
                LogNormalEvent(logger, key.ToString(), e.Reason, e.Message);
            }
        }
    }

    private async Task ReportAsync(AgentObservation o, AgentPlan plan, AgentRecord? record, AgentPaths paths, CancellationToken cancellationToken)
    {
        if (plan.Action is AgentAction.Forget or AgentAction.Cleanup && record is null)
        {
            fleet.Remove(o.Key);
            await status.DeleteAsync(o.Key, o.Desired, cancellationToken).ConfigureAwait(false);
            return;
        }

        var generation = status.GenerationOf(o.Key, o.Desired);
        var previous = status.Current(o.Key) as AgentStatus;
        var built = AgentStatusBuilder.Build(previous, plan, record, generation, o.Now, o.Desired?.Source,
            o.Unschedulable is null ? o.PlacedOn ?? options.HostName : null) with
        {
            Session = o.Session is { } session ? AgentSessionStatusBuilder.From(session) : null,
        };
        built = built with { Account = AgentPlanner.AccountInUse(o.Dependencies, record?.CredentialIdentity)?.Name ?? (record is null ? null : previous?.Account) };
        fleet.Update(o.Key, new AgentSample(plan.Phase, record?.Pid is not null && plan.Ready == true, paths.Heartbeat, record?.StartedAt));
        await status.WriteAsync(o.Key, o.Desired, built, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(3001, LogLevel.Information, "{Key}: {Reason}: {Message}")]
    private static partial void LogNormalEvent(ILogger logger, string key, string reason, string message);

    [LoggerMessage(3002, LogLevel.Warning, "{Key}: {Reason}: {Message}")]
    private static partial void LogWarningEvent(ILogger logger, string key, string reason, string message);

    [LoggerMessage(3003, LogLevel.Information, "{Key}: adopted running process {Pid}")]
    private static partial void LogAdopted(ILogger logger, string key, int pid);
}
