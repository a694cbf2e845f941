using FluentAssertions;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>What the rollout observer reads about an agent, from a real state DB and status writer.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class RolloutObserverTests : IDisposable
{
    private static readonly ResourceKey Image = new(ResourceKinds.Image, "", "base");
    private readonly TempDirectory _dir = new("rollout-observer");
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero));
    private readonly ManualStore _store = new();
    private readonly StateStore _state;
    private readonly LocalStatusWriter _status;

    public RolloutObserverTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"), _time);
        _status = new LocalStatusWriter(_state, _time);
    }

    public void Dispose()
    {
        _state.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task Read_StatusNotYetWrittenAfterARestart_CountsTheRestartsTheRecordHolds()
    {
        var agent = new Agent
        {
            Metadata = new ObjectMeta { Name = "w1" },
            Spec = new AgentSpec { Runtime = AgentRuntimes.Apptainer, Image = "base", Command = ["sleep", "600"] },
        };
        _store.Put(agent);
        await _status.WriteAsync(agent.Key, _store.Cache.Snapshot.Get(agent.Key),
            new AgentStatus { Phase = AgentPhases.Running, RestartCount = 1 }, CancellationToken.None);
        _state.PutAgent(new AgentRecord { Key = agent.Key, InstanceName = "sac-w1", Runtime = AgentRuntimes.Apptainer, RestartCount = 2 });

        var agents = RolloutObserver.Read(Image, _store.Cache.Snapshot, _status, _state.ListAgents(), [], "node1");

        agents.Should().ContainSingle().Which.Restarts.Should().Be(2,
            "a move records the restarts it allows from this count: a stale one would count the restart just made against the agent");
    }

    [Test]
    public async Task Read_NoRecordYet_CountsTheRestartsTheStatusReports()
    {
        var agent = new Agent
        {
            Metadata = new ObjectMeta { Name = "w1" },
            Spec = new AgentSpec { Runtime = AgentRuntimes.Apptainer, Image = "base", Command = ["sleep", "600"] },
        };
        _store.Put(agent);
        await _status.WriteAsync(agent.Key, _store.Cache.Snapshot.Get(agent.Key),
            new AgentStatus { Phase = AgentPhases.Pending, RestartCount = 3 }, CancellationToken.None);

        var agents = RolloutObserver.Read(Image, _store.Cache.Snapshot, _status, _state.ListAgents(), [], "node1");

        agents.Should().ContainSingle().Which.Restarts.Should().Be(3);
    }
}
