using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Runtime;
using SacOperator.Sessions;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Follows the session stream of each running Claude Code agent (through its node) and keeps what
/// it said (<see cref="SessionState"/>). The reconciler opens a follower on its pass and reads the
/// state into the observation; between passes one timer polls every follower and raises the agent's
/// key on the Agent channel when something the planner decides on changed. The state is persisted
/// with its offset (every <see cref="SaveInterval"/> while it changes, when a run ends and at
/// shutdown), so an operator that restarts, even after <c>kill -9</c>, resumes after the last line
/// it recorded: lines read after the last save are read again, but onto the saved state, so nothing
/// is counted twice.
/// </summary>
public sealed partial class AgentSessions : IDisposable
{
    /// <summary>The persisted stream's name in session_offsets.</summary>
    public const string Stream = "session.jsonl";

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan SaveInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<ResourceKey, Followed> _followed = new();
    private readonly StateStore _state;
    private readonly KeyChannel _agents;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentSessions> _logger;
    private readonly ITimer _timer;

    public AgentSessions(
        StateStore state,
        [FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents,
        TimeProvider time,
        ILogger<AgentSessions> logger)
    {
        _state = state;
        _agents = agents;
        _time = time;
        _logger = logger;
        _timer = time.CreateTimer(_ => PollAll(), null, PollInterval, PollInterval);
    }

    /// <summary>
    /// The session of a Claude Code agent as of now. While <paramref name="running"/>, its stream is
    /// followed from here on; once not, what the run wrote last is folded, recorded and the file let go.
    /// </summary>
    public SessionState Observe(ResourceKey key, INode node, AgentPaths paths, bool running)
    {
        var followed = _followed.GetOrAdd(key, k => new Followed(node, paths, Load(k)));
        lock (followed)
        {
            followed.Node = node;
            followed.Paths = paths;
            followed.Running = running;
            if (running || !followed.CaughtUp)
            {
                // A stopped agent is read once, for what its run wrote after the last save.
                Open(key, followed);
            }

            Poll(key, followed, enqueue: false);
            followed.CaughtUp = true;
            if (!running)
            {
                Close(key, followed, runEnded: true);
            }

            return followed.State;
        }
    }

    /// <summary>The agent runs no Claude Code here any more (deleted, or given a command): record and forget it.</summary>
    public void Release(ResourceKey key)
    {
        if (_followed.TryRemove(key, out var followed))
        {
            lock (followed)
            {
                Close(key, followed);
            }
        }
    }

    /// <summary>Set by the reconciler from the planner's verdict, for the <c>sac_agent_stalled</c> gauge.</summary>
    public void SetStalled(ResourceKey key, bool stalled)
    {
        if (_followed.TryGetValue(key, out var followed))
        {
            followed.Stalled = stalled;
        }
    }

    /// <summary>Every followed agent's state, for the metrics (read at scrape time).</summary>
    public IReadOnlyList<SessionSample> Samples() =>
        _followed.Select(f => new SessionSample(f.Key, f.Value.State, f.Value.Stalled)).ToList();

    public void Dispose()
    {
        _timer.Dispose();
        foreach (var key in _followed.Keys)
        {
            if (_followed.TryGetValue(key, out var followed))
            {
                lock (followed)
                {
                    Close(key, followed);
                }
            }
        }
    }

    private void PollAll()
    {
        foreach (var (key, followed) in _followed)
        {
            if (!Monitor.TryEnter(followed))
            {
                // The reconciler is polling it right now.
                continue;
            }

            try
            {
                if (followed.Running)
                {
                    Open(key, followed);
                    Poll(key, followed, enqueue: true);
                }
            }
            finally
            {
                Monitor.Exit(followed);
            }
        }
    }

    private void Open(ResourceKey key, Followed followed)
    {
        if (followed.Follower is not null)
        {
            return;
        }

        try
        {
            followed.Follower = followed.Node.FollowSession(followed.Paths, followed.Saved);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogReadFailed(_logger, key.ToString(), e.Message);
        }
    }

    private void Poll(ResourceKey key, Followed followed, bool enqueue)
    {
        if (followed.Follower is not { } follower)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var before = followed.State;
        try
        {
            if (!follower.Poll(now))
            {
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogReadFailed(_logger, key.ToString(), e.Message);
            return;
        }

        followed.State = follower.State;
        if (enqueue && SessionChange.Matters(before, followed.State))
        {
            _agents.Enqueue(key);
        }

        if (now - followed.SavedAt >= SaveInterval)
        {
            Save(key, followed, follower.Checkpoint, now);
        }
    }

    /// <param name="runEnded">The process is gone: so is the turn it had in flight (the next run's first init starts a new one).</param>
    private void Close(ResourceKey key, Followed followed, bool runEnded = false)
    {
        if (followed.Follower is not { } follower)
        {
            return;
        }

        var checkpoint = follower.Checkpoint;
        if (runEnded && checkpoint.State.TurnInFlightSince is not null)
        {
            checkpoint = checkpoint with { State = checkpoint.State with { TurnInFlightSince = null } };
            followed.State = checkpoint.State;
        }

        Save(key, followed, checkpoint, _time.GetUtcNow());
        follower.Dispose();
        followed.Follower = null;
    }

    private void Save(ResourceKey key, Followed followed, SessionCheckpoint checkpoint, DateTimeOffset now)
    {
        followed.SavedAt = now;
        if (checkpoint == followed.Saved)
        {
            return;
        }

        try
        {
            _state.SaveSessionOffset(key.Namespace, key.Name, Stream, checkpoint.Generation, checkpoint.Offset, SessionStateJson.Write(checkpoint.State));
            followed.Saved = checkpoint;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The state DB is unavailable (StateMonitor reports it); the next save tries again.
            LogSaveFailed(_logger, key.ToString(), e.Message);
        }
    }

    private SessionCheckpoint Load(ResourceKey key)
    {
        try
        {
            // An unreadable snapshot starts the stream over: what is retained is counted once, from its start.
            return _state.LoadSessionOffset(key.Namespace, key.Name, Stream) is var (generation, offset, json)
                && SessionStateJson.Read(json) is { } state
                ? new SessionCheckpoint(generation, offset, state)
                : SessionCheckpoint.Start;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogLoadFailed(_logger, key.ToString(), e.Message);
            return SessionCheckpoint.Start;
        }
    }

    private sealed class Followed(INode node, AgentPaths paths, SessionCheckpoint saved)
    {
        public INode Node { get; set; } = node;

        public AgentPaths Paths { get; set; } = paths;

        public SessionFollower? Follower { get; set; }

        public SessionState State { get; set; } = saved.State;

        public SessionCheckpoint Saved { get; set; } = saved;

        public DateTimeOffset SavedAt { get; set; }

        public bool Stalled { get; set; }

        /// <summary>The agent's process was running at the reconciler's last pass.</summary>
        public bool Running { get; set; }

        /// <summary>The stream was read up to its end once since this operator started.</summary>
        public bool CaughtUp { get; set; }
    }

    [LoggerMessage(3101, LogLevel.Warning, "{Key}: reading the session stream failed: {Message}")]
    private static partial void LogReadFailed(ILogger logger, string key, string message);

    [LoggerMessage(3102, LogLevel.Warning, "{Key}: recording the session stream's offset failed: {Message}")]
    private static partial void LogSaveFailed(ILogger logger, string key, string message);

    [LoggerMessage(3103, LogLevel.Warning, "{Key}: the recorded session offset could not be read, following the stream from its start: {Message}")]
    private static partial void LogLoadFailed(ILogger logger, string key, string message);
}
