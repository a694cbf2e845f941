using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Runs HTTP and exec probes off the reconcile path: one loop per probed agent run, results kept
/// in memory, and the agent re-enqueued only when the verdict may have changed (first result,
/// failure streak reaching the threshold, recovery), through <paramref name="agents"/>. Reconciles read the latest snapshot and
/// never wait on a probe.
/// </summary>
public sealed class AgentProber([FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents, TimeProvider time) : IDisposable
{
    private readonly ConcurrentDictionary<ResourceKey, Loop> _loops = new();

    public int Count => _loops.Count;

    /// <summary>Starts probing <paramref name="runId"/> unless it is already probed with the same settings.</summary>
    public void Ensure(
        ResourceKey key,
        string runId,
        HealthSpec health,
        Func<CancellationToken, Task<(bool Ok, string Message)>> probe)
    {
        if (_loops.TryGetValue(key, out var existing) && existing.RunId == runId && existing.Health == health)
        {
            return;
        }

        var loop = new Loop(runId, health);
        if (_loops.TryGetValue(key, out var previous))
        {
            previous.Cancel();
        }

        _loops[key] = loop;
        _ = RunAsync(key, loop, probe);
    }

    public ProbeSnapshot? Get(ResourceKey key, string runId) =>
        _loops.TryGetValue(key, out var loop) && loop.RunId == runId ? loop.Snapshot : null;

    public void Stop(ResourceKey key)
    {
        if (_loops.TryRemove(key, out var loop))
        {
            loop.Cancel();
        }
    }

    public void Dispose()
    {
        foreach (var key in _loops.Keys)
        {
            Stop(key);
        }
    }

    private async Task RunAsync(ResourceKey key, Loop loop, Func<CancellationToken, Task<(bool Ok, string Message)>> probe)
    {
        var token = loop.Token;
        while (!token.IsCancellationRequested)
        {
            (bool Ok, string Message) result;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                timeout.CancelAfter(loop.Health.Timeout);
                try
                {
                    result = await probe(timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!token.IsCancellationRequested)
                {
                    result = (false, $"timed out after {AgentPlanner.Describe(loop.Health.Timeout)}");
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                catch (Exception e)
                {
                    result = (false, e.Message);
                }
            }

            var before = loop.Snapshot;
            var after = new ProbeSnapshot
            {
                Probes = before.Probes + 1,
                ConsecutiveFailures = result.Ok ? 0 : before.ConsecutiveFailures + 1,
                LastSuccess = result.Ok ? time.GetUtcNow() : before.LastSuccess,
                LastMessage = result.Message,
            };
            loop.Snapshot = after;
            if (before.Probes == 0
                || (before.ConsecutiveFailures == 0) != (after.ConsecutiveFailures == 0)
                || after.ConsecutiveFailures == loop.Health.FailureThreshold)
            {
                agents.Enqueue(key);
            }

            try
            {
                await Task.Delay(loop.Health.Interval, time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private sealed class Loop(string runId, HealthSpec health)
    {
        private readonly CancellationTokenSource _cts = new();

        public string RunId { get; } = runId;

        public HealthSpec Health { get; } = health;

        public CancellationToken Token => _cts.Token;

        public ProbeSnapshot Snapshot { get; set; } = new();

        public void Cancel() => _cts.Cancel();
    }
}
