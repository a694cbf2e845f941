using System.Diagnostics.Metrics;
using SacOperator.Agents;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Telemetry;

/// <summary>
/// Per-agent series of followed Claude Code sessions, read at collection time from
/// <see cref="AgentSessions"/>. The counters are the folded totals, which survive operator restarts
/// with the recorded offset, so a restart neither resets nor double counts them. Every followed
/// agent has its counters and <c>sac_agent_stalled</c> from 0; the error label is bounded to Claude
/// Code's known error kinds (anything else is <c>other</c>).
/// </summary>
public sealed class SessionMetrics
{
    /// <summary>Error kinds exported at 0 for every agent, so the first failure shows in <c>increase()</c>.</summary>
    private static readonly string[] ErrorKinds = ["authentication_failed", "rate_limit", "overloaded", "api_error"];

    private static readonly HashSet<string> KnownKinds = new(StringComparer.Ordinal)
    {
        "authentication_failed", "rate_limit", "overloaded", "api_error", "server_error", "billing_error",
        "invalid_request", "max_output_tokens", "unknown",
    };

    private readonly AgentSessions _sessions;

    public SessionMetrics(SacMetrics metrics, AgentSessions sessions)
    {
        _sessions = sessions;
        var meter = metrics.Meter;
        meter.CreateObservableCounter("sac_agent_turns_total", Turns, description: "Claude Code turns finished (results seen on the agent's stream).");
        meter.CreateObservableCounter("sac_agent_tokens_total", Tokens, description: "Tokens used by finished turns, by type (input, output, cache_creation, cache_read).");
        meter.CreateObservableCounter("sac_agent_cost_usd_total", Cost, description: "Cost in US dollars Claude Code reported for the agent's sessions.");
        meter.CreateObservableCounter("sac_agent_api_errors_total", Errors, description: "API failures on the agent's stream (each retry and each failed result), by Claude Code's error kind.");
        meter.CreateObservableGauge("sac_agent_last_turn_timestamp_seconds", LastTurn, "s", "When the agent's last turn finished, seconds since the Unix epoch (only agents with a finished turn).");
        meter.CreateObservableGauge("sac_agent_stalled", Stalled, description: "1 while the agent's Claude Code turn (or start) is stalled, else 0.");
    }

    private IEnumerable<Measurement<long>> Turns() =>
        _sessions.Samples().Select(s => new Measurement<long>(s.State.Turns, OperatorGauges.AgentLabels(s.Key)));

    private IEnumerable<Measurement<long>> Tokens()
    {
        foreach (var s in _sessions.Samples())
        {
            var t = s.State.Tokens;
            foreach (var (type, value) in new[] { ("input", t.Input), ("output", t.Output), ("cache_creation", t.CacheCreation), ("cache_read", t.CacheRead) })
            {
                yield return new Measurement<long>(value, [.. OperatorGauges.AgentLabels(s.Key), new("type", type)]);
            }
        }
    }

    private IEnumerable<Measurement<double>> Cost() =>
        _sessions.Samples().Select(s => new Measurement<double>((double)s.State.CostUsd, OperatorGauges.AgentLabels(s.Key)));

    private IEnumerable<Measurement<long>> Errors()
    {
        foreach (var s in _sessions.Samples())
        {
            var counts = ErrorKinds.ToDictionary(k => k, _ => 0L, StringComparer.Ordinal);
            foreach (var (kind, count) in s.State.ApiErrors)
            {
                var label = KnownKinds.Contains(kind) ? kind : "other";
                counts[label] = counts.GetValueOrDefault(label) + count;
            }

            foreach (var (kind, count) in counts)
            {
                yield return new Measurement<long>(count, [.. OperatorGauges.AgentLabels(s.Key), new("error", kind)]);
            }
        }
    }

    private IEnumerable<Measurement<double>> LastTurn() =>
        _sessions.Samples()
            .Where(s => s.State.LastResultAt is not null)
            .Select(s => new Measurement<double>(s.State.LastResultAt!.Value.ToUnixTimeMilliseconds() / 1000.0, OperatorGauges.AgentLabels(s.Key)));

    private IEnumerable<Measurement<int>> Stalled() =>
        _sessions.Samples().Select(s => new Measurement<int>(s.Stalled ? 1 : 0, OperatorGauges.AgentLabels(s.Key)));
}
