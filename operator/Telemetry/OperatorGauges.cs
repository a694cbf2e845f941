using System.Diagnostics.Metrics;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Telemetry;

/// <summary>
/// The observable gauges: read when a collection runs (a scrape, an OTLP export), never on a
/// timer of their own, so an idle operator pays nothing for them. Work per collection is one
/// pass over the fleet plus one stat per agent's heartbeat file. They read agent and controller
/// state, so they live in the composition root: the library's Telemetry depends on nothing above it.
/// </summary>
public sealed class OperatorGauges
{
    private readonly GaugeSources _sources;
    private readonly TimeProvider _time;
    private readonly HeartbeatAges _heartbeats = new();
    private IReadOnlyList<Controller>? _controllers;

    public OperatorGauges(SacMetrics metrics, GaugeSources sources, TimeProvider time)
    {
        _sources = sources;
        _time = time;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("sac_workqueue_depth", QueueDepths, description: "Keys waiting in a controller's work queue (ready, not yet taken by a worker).");
        meter.CreateObservableGauge("sac_agents", AgentsByPhase, description: "Agents by phase; every known phase is reported, zeros included.");
        meter.CreateObservableGauge("sac_agent_up", AgentsUp, description: "1 while the agent's process runs and is ready, else 0.");
        meter.CreateObservableGauge("sac_agent_heartbeat_age_seconds", HeartbeatAges, "s", "Seconds since the agent's last heartbeat (only agents that wrote one).");
        meter.CreateObservableGauge("sac_agent_start_time_seconds", StartTimes, "s", "Start time of the agent's current process, seconds since the Unix epoch.");
        meter.CreateObservableGauge("sac_operator_ready", () => _sources.Ready() ? 1 : 0, description: "1 while the operator is ready (as /readyz), else 0.");
        meter.CreateObservableGauge("sac_build_info", () => new Measurement<int>(1, Label("version", _sources.Version)), description: "Always 1; the operator's version as a label.");
    }

    /// <summary>Labels of one agent's series: its name, and its namespace where it has one (Kubernetes mode).</summary>
    public static KeyValuePair<string, object?>[] AgentLabels(ResourceKey key) =>
        key.Namespace.Length == 0 ? [Label("agent", key.Name)] : [Label("agent", key.Name), Label("namespace", key.Namespace)];

    private IEnumerable<Measurement<int>> QueueDepths()
    {
        _controllers ??= _sources.Controllers();
        foreach (var controller in _controllers)
        {
            yield return new Measurement<int>(controller.Queue.Count, Label("controller", controller.Name), Label("kind", controller.Kind));
        }
    }

    private IEnumerable<Measurement<int>> AgentsByPhase()
    {
        var counts = AgentPhases.All.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        foreach (var (_, sample) in _sources.Fleet.Agents)
        {
            // Phases come from code, never from input, so an unexpected one is still a bounded label.
            counts[sample.Phase] = counts.GetValueOrDefault(sample.Phase) + 1;
        }

        return counts.Select(c => new Measurement<int>(c.Value, Label("phase", c.Key)));
    }

    private IEnumerable<Measurement<int>> AgentsUp() =>
        _sources.Fleet.Agents.Select(a => new Measurement<int>(a.Value.Up ? 1 : 0, AgentLabels(a.Key)));

    private IEnumerable<Measurement<double>> HeartbeatAges()
    {
        var agents = _sources.Fleet.Agents.ToArray();
        var stamps = _heartbeats.Read([.. agents.Select(a => a.Value.HeartbeatFile)]);
        var now = _time.GetUtcNow();
        for (var i = 0; i < agents.Length; i++)
        {
            if (stamps[i] is { } at)
            {
                yield return new Measurement<double>(Math.Max(0, (now - at).TotalSeconds), AgentLabels(agents[i].Key));
            }
        }
    }

    private IEnumerable<Measurement<double>> StartTimes() =>
        _sources.Fleet.Agents
            .Where(a => a.Value.Up && a.Value.StartedAt is not null)
            .Select(a => new Measurement<double>(a.Value.StartedAt!.Value.ToUnixTimeMilliseconds() / 1000.0, AgentLabels(a.Key)));

    private static KeyValuePair<string, object?> Label(string name, object? value) => new(name, value);
}
