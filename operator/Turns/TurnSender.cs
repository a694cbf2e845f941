using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Runtime;
using SacOperator.State;

namespace SacOperator.Operator.Turns;

/// <summary>
/// Sends user turns to running agents through their stdin FIFO. One turn per agent is in flight
/// at a time: a turn holds the agent's gate from its write until its result event appears (or its
/// timeout passes), also when the sender does not wait, so queued senders are served in arrival
/// order and each gets the result of its own turn.
/// </summary>
public sealed class TurnSender(StateStore state, NodeRegistry nodes, string operatorHome, TimeProvider time)
{
    /// <summary>How long a turn nobody waits for holds the gate at most.</summary>
    public static readonly TimeSpan UnwatchedTurnLimit = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<ResourceKey, SemaphoreSlim> _gates = new();

    /// <param name="wait">Answer with the result; otherwise answer once the turn is written.</param>
    /// <param name="timeout">With <paramref name="wait"/>: longest wait for the result, gate included.</param>
    public async Task<TurnOutcome> SendAsync(ResourceKey key, string text, bool wait, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(wait ? timeout : Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false))
        {
            return new TurnOutcome { State = TurnState.TimedOut };
        }

        var released = false;
        try
        {
            // Checked under the gate: the phase a queued sender sees is the one its turn meets.
            if (PhaseOf(key) is var phase && phase != AgentPhases.Running)
            {
                return new TurnOutcome { State = TurnState.NotRunning, Phase = phase };
            }

            var paths = AgentPaths.For(operatorHome, key);
            ResultWatch watch;
            try
            {
                watch = ResultWatch.Start(paths.Session);
            }
            catch (FileNotFoundException)
            {
                return new TurnOutcome { State = TurnState.NotRunning, Phase = phase };
            }

            var node = nodes.Resolve(HostOf(key));
            if (!node.WriteStdin(paths, AgentCommand.PromptLines([text])))
            {
                watch.Dispose();
                return new TurnOutcome { State = TurnState.NotDelivered, Phase = phase };
            }

            if (!wait)
            {
                released = true;
                _ = ReleaseOnResultAsync(key, gate, watch);
                return new TurnOutcome { State = TurnState.Enqueued };
            }

            using (watch)
            {
                var result = await watch.NextResultAsync(time, deadline, cancellationToken).ConfigureAwait(false);
                return result is null
                    ? new TurnOutcome { State = TurnState.TimedOut }
                    : new TurnOutcome { State = TurnState.Answered, Result = result };
            }
        }
        finally
        {
            if (!released)
            {
                gate.Release();
            }
        }
    }

    private async Task ReleaseOnResultAsync(ResourceKey key, SemaphoreSlim gate, ResultWatch watch)
    {
        try
        {
            // Released at the result, at the limit, or as soon as the agent stops running.
            using (watch)
            {
                var limit = time.GetUtcNow() + UnwatchedTurnLimit;
                while (time.GetUtcNow() < limit && PhaseOf(key) == AgentPhases.Running)
                {
                    var step = time.GetUtcNow() + TimeSpan.FromSeconds(2);
                    if (await watch.NextResultAsync(time, step < limit ? step : limit, CancellationToken.None).ConfigureAwait(false) is not null)
                    {
                        break;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or StateUnavailableException or System.Text.Json.JsonException)
        {
            // The session file or the state DB went away (agent deleted, shutdown): the turn is over either way.
        }
        finally
        {
            gate.Release();
        }
    }

    private string PhaseOf(ResourceKey key) =>
        state.GetResource(key)?.StatusJson is { } json && JsonNode.Parse(json)?["phase"] is JsonValue v && v.TryGetValue<string>(out var phase)
            ? phase
            : AgentPhases.Pending;

    private string? HostOf(ResourceKey key) =>
        state.GetResource(key)?.ObjectJson is { } json && JsonNode.Parse(json)?["spec"]?["host"] is JsonValue v && v.TryGetValue<string>(out var host)
            ? host
            : null;
}
