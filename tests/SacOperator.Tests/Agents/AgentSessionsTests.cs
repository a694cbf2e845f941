using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>
/// Following an agent's session stream with the real node, files, rotator and state DB; the clock
/// is manual, so the poll timer fires exactly when the test advances it. A crash is an
/// <see cref="AgentSessions"/> abandoned without being disposed (nothing saved at shutdown).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class AgentSessionsTests : IDisposable
{
    private const string Init = "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s1\",\"model\":\"m\"}\n";
    private const string Result = "{\"type\":\"result\",\"session_id\":\"s1\",\"total_cost_usd\":0.5,\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}\n";

    private static readonly ResourceKey Key = ResourceKey.Agent("a");

    private readonly TempDirectory _dir = new("agent-sessions");
    private readonly ManualTimeProvider _time = new();
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly StateStore _state;
    private readonly LocalNode _node;
    private readonly AgentPaths _paths;

    public AgentSessionsTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"), _time);
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = _dir.Path };
        _node = new LocalNode(
            "node1",
            new RuntimeRegistry([new LocalRuntime(environment, new ProcessRunner())]),
            new ProcessTracker(_watcher, new KeyChannel("exits"), TimeProvider.System),
            new LaunchInventory(_dir.Path),
            new StrayReaper(TimeProvider.System),
            new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance),
            new LocalNodeFiles(_dir.Path, environment));
        _paths = AgentPaths.For(_dir.Combine("home"), Key);
        Directory.CreateDirectory(_paths.RuntimeDir);
    }

    public void Dispose()
    {
        _state.Dispose();
        _watcher.Dispose();
        _dir.Dispose();
    }

    [Test]
    public void Observe_AfterACrashWithTurnsReadSinceTheLastSave_CountsEachTurnOnce()
    {
        File.WriteAllText(_paths.Session, Init + Result + Init + Result);
        var crashed = Sessions(new KeyChannel("Agent"));
        crashed.Observe(Key, _node, _paths, running: true).Turns.Should().Be(2);
        File.AppendAllText(_paths.Session, Init + Result);
        crashed.Observe(Key, _node, _paths, running: true).Turns.Should().Be(3, "read, but not saved: the save interval has not passed");

        using var restarted = Sessions(new KeyChannel("Agent"));
        var state = restarted.Observe(Key, _node, _paths, running: true);

        state.Turns.Should().Be(3, "the saved state resumes at the saved offset: the unsaved turn is read once more onto it");
        state.CostUsd.Should().Be(0.5m);
    }

    [Test]
    public void Observe_AfterACrashAndARotationSinceTheLastSave_CountsEachTurnOnce()
    {
        var rotator = Logs.LogRotatorTests.Rotator(maxFiles: 3, maxBytes: 4096);
        File.WriteAllText(_paths.Session, Init + Result);
        var crashed = Sessions(new KeyChannel("Agent"));
        crashed.Observe(Key, _node, _paths, running: true);
        File.AppendAllText(_paths.Session, string.Concat(Enumerable.Repeat(Init + Result, 40)));
        crashed.Observe(Key, _node, _paths, running: true).Turns.Should().Be(41);
        rotator.RotateIfNeeded(_paths.Session).Should().NotBe(RotationOutcome.None);
        File.AppendAllText(_paths.Session, Init + Result);

        using var restarted = Sessions(new KeyChannel("Agent"));
        var state = restarted.Observe(Key, _node, _paths, running: true);

        state.Turns.Should().Be(42);
        state.Malformed.Should().Be(0);
    }

    [Test]
    public void Poll_TurnStartsAndEndsBetweenReconciles_RaisesTheAgentKeyEachTime()
    {
        var channel = new KeyChannel("Agent");
        var raised = new List<ResourceKey>();
        using var attached = channel.Attach(raised.Add);
        File.WriteAllText(_paths.Session, "");
        using var sessions = Sessions(channel);
        sessions.Observe(Key, _node, _paths, running: true);

        File.AppendAllText(_paths.Session, Init);
        _time.Advance(AgentSessions.PollInterval);
        var afterInit = raised.Count;
        File.AppendAllText(_paths.Session, "{\"type\":\"assistant\",\"message\":{\"content\":[]},\"session_id\":\"s1\"}\n");
        _time.Advance(AgentSessions.PollInterval);
        var afterAssistant = raised.Count;
        File.AppendAllText(_paths.Session, Result);
        _time.Advance(AgentSessions.PollInterval);

        afterInit.Should().Be(1, "a turn started");
        afterAssistant.Should().Be(1, "a heartbeat within the turn changes nothing the planner decides on");
        raised.Should().Equal(Key, Key);
    }

    [Test]
    public void Observe_RunEnded_SavesAtOnceAndLetsTheFileGo()
    {
        File.WriteAllText(_paths.Session, Init + Result);
        var sessions = Sessions(new KeyChannel("Agent"));
        sessions.Observe(Key, _node, _paths, running: true);
        File.AppendAllText(_paths.Session, Init + Result);

        sessions.Observe(Key, _node, _paths, running: false);

        var saved = _state.LoadSessionOffset("", "a", AgentSessions.Stream);
        saved!.Value.Offset.Should().Be(new FileInfo(_paths.Session).Length);
    }

    [Test]
    public void Observe_RunEndedMidTurn_TheNextRunsTurnIsInFlightFromItsOwnInit()
    {
        File.WriteAllText(_paths.Session, Init);
        using var sessions = Sessions(new KeyChannel("Agent"));
        sessions.Observe(Key, _node, _paths, running: true).TurnInFlightSince.Should().NotBeNull();

        var ended = sessions.Observe(Key, _node, _paths, running: false);
        _time.Advance(TimeSpan.FromMinutes(1));
        File.AppendAllText(_paths.Session, Init);
        var next = sessions.Observe(Key, _node, _paths, running: true);

        ended.TurnInFlightSince.Should().BeNull("the process that had the turn in flight is gone");
        next.TurnInFlightSince.Should().Be(_time.GetUtcNow(), "the new run's turn started at its own init");
    }

    private AgentSessions Sessions(KeyChannel channel) => new(_state, channel, _time, NullLogger<AgentSessions>.Instance);
}
