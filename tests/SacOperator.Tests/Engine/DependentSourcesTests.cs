using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Kubernetes;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Engine;

/// <summary>
/// Status changes of Images, Accounts and Hosts reach the Agents that depend on them at once:
/// <see cref="AgentDependents"/> over an in-memory status writer (<see cref="MemoryStatusWriter"/>,
/// the cluster-wide role's), with a manual clock that never moves, so no resync or timer can be
/// what re-enqueued them.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class DependentSourcesTests
{
    private static readonly TimeSpan WithinASecond = TimeSpan.FromSeconds(1);
    private static readonly ResourceKey BaseImage = new(ResourceKinds.Image, "", "base");
    private static readonly ResourceKey Team = new(ResourceKinds.Account, "", "team");
    private static readonly ResourceKey Node1 = new(ResourceKinds.Host, "", "node1");

    private readonly MemoryStatusWriter _status = new();

    [Test]
    public async Task ImageStatusChange_AgentsNamingTheImage_AreReenqueuedWithinASecondWithoutResync()
    {
        await using var harness = await StartAsync(
            Agent("a", new AgentSpec { Image = "base" }),
            Agent("b", new AgentSpec { Image = "base" }),
            Agent("c", new AgentSpec { Image = "other" }));
        var clock = harness.Time.GetUtcNow();

        await _status.WriteAsync(BaseImage, null, new ImageStatus { Phase = "Ready", ActiveVersion = "v2" }, CancellationToken.None);

        await harness.Reconciler.WaitFor(ResourceKey.Agent("a"), 2).WithTimeout(WithinASecond);
        await harness.Reconciler.WaitFor(ResourceKey.Agent("b"), 2).WithTimeout(WithinASecond);
        await harness.Barrier();
        harness.Reconciler.Count(ResourceKey.Agent("c")).Should().Be(1, "c names another image");
        harness.Time.GetUtcNow().Should().Be(clock, "the clock never moved: no resync or requeue timer fired");
    }

    [Test]
    public async Task SameStatusWrittenAgain_EnqueuesNothing()
    {
        await using var harness = await StartAsync(Agent("a", new AgentSpec { Image = "base" }));
        await _status.WriteAsync(BaseImage, null, new ImageStatus { Phase = "Ready" }, CancellationToken.None);
        await harness.Reconciler.WaitFor(ResourceKey.Agent("a"), 2).WithTimeout(WithinASecond);

        await _status.WriteAsync(BaseImage, null, new ImageStatus { Phase = "Ready" }, CancellationToken.None);
        await harness.Barrier();

        harness.Reconciler.Count(ResourceKey.Agent("a")).Should().Be(2, "an unchanged status is not a change");
    }

    [Test]
    public async Task AccountStatusChange_AgentsUsingTheAccount_AreReenqueued()
    {
        await using var harness = await StartAsync(
            Agent("user", new AgentSpec { Account = "team" }),
            Agent("other", new AgentSpec { Account = "solo" }));

        await _status.WriteAsync(Team, null, new AccountStatus { Phase = "Exhausted", FiveHourUsedPercent = 100 }, CancellationToken.None);

        await harness.Reconciler.WaitFor(ResourceKey.Agent("user"), 2).WithTimeout(WithinASecond);
        await harness.Barrier();
        harness.Reconciler.Count(ResourceKey.Agent("other")).Should().Be(1);
    }

    [Test]
    public async Task HostStatusChange_AgentsPlacedOnItBySpecOrByPlacement_AreReenqueued()
    {
        await using var harness = await StartAsync(
            Agent("named", new AgentSpec { Host = "NODE1" }),
            Agent("placed", new AgentSpec()),
            Agent("elsewhere", new AgentSpec { Host = "node2" }));
        await _status.WriteAsync(ResourceKey.Agent("placed"), null, new AgentStatus { Host = "node1" }, CancellationToken.None);

        await _status.WriteAsync(Node1, null, new HostStatus { Phase = "NotReady" }, CancellationToken.None);

        await harness.Reconciler.WaitFor(ResourceKey.Agent("named"), 2).WithTimeout(WithinASecond);
        await harness.Reconciler.WaitFor(ResourceKey.Agent("placed"), 2).WithTimeout(WithinASecond);
        await harness.Barrier();
        harness.Reconciler.Count(ResourceKey.Agent("elsewhere")).Should().Be(1);
    }

    [Test]
    public async Task HostProbeRefreshingOnlyFacts_EnqueuesNothingButReadinessChangeDoes()
    {
        await using var harness = await StartAsync(Agent("named", new AgentSpec { Host = "node1" }));
        var ready = new HostStatus
        {
            Phase = "Ready",
            Conditions = [new Condition { Type = "Ready", Status = ConditionStatus.True, Reason = "Probed" }],
            LastProbeTime = DateTimeOffset.UnixEpoch,
            PlacedAgents = ["named"],
        };
        await _status.WriteAsync(Node1, null, ready, CancellationToken.None);
        await harness.Reconciler.WaitFor(ResourceKey.Agent("named"), 2).WithTimeout(WithinASecond);

        await _status.WriteAsync(Node1, null, ready with { LastProbeTime = DateTimeOffset.UnixEpoch.AddSeconds(30), Load = "0.5", PlacedAgents = ["named"] }, CancellationToken.None);
        await harness.Barrier();
        harness.Reconciler.Count(ResourceKey.Agent("named")).Should().Be(2, "a probe that changed only the facts is nothing the agent acts on");

        await _status.WriteAsync(Node1, null, ready with { Phase = "NotReady", Conditions = [new Condition { Type = "Ready", Status = ConditionStatus.False, Reason = "Unreachable" }] }, CancellationToken.None);
        await harness.Reconciler.WaitFor(ResourceKey.Agent("named"), 3).WithTimeout(WithinASecond);
    }

    [Test]
    public async Task ImageDesiredStateChange_AgentsNamingTheImage_AreReenqueued()
    {
        await using var harness = await StartAsync(Agent("a", new AgentSpec { Image = "base" }), Agent("c", new AgentSpec { Image = "other" }));

        harness.Store.Put(new Image { Metadata = new ObjectMeta { Name = "base" } }, "v2");

        await harness.Reconciler.WaitFor(ResourceKey.Agent("a"), 2).WithTimeout(WithinASecond);
        await harness.Barrier();
        harness.Reconciler.Count(ResourceKey.Agent("c")).Should().Be(1);
        harness.Reconciler.CallsExceptBarriers.Should().OnlyContain(k => k.Kind == ResourceKinds.Agent, "an Image key never reaches the Agent queue");
    }

    private static Agent Agent(string name, AgentSpec spec) => new() { Metadata = new ObjectMeta { Name = name }, Spec = spec };

    /// <summary>An Agent controller whose agents are reconciled once each before the test acts.</summary>
    private async Task<ControllerHarness> StartAsync(params Agent[] agents)
    {
        var harness = new ControllerHarness(extra: store => AgentDependents.Sources(store, _status.Changes, _status));
        foreach (var agent in agents)
        {
            harness.Store.Put(agent);
        }

        harness.Store.Put(new Image { Metadata = new ObjectMeta { Name = "base" } });
        harness.Store.CompleteSync();
        await harness.StartAsync();
        foreach (var agent in agents)
        {
            await harness.Reconciler.WaitFor(agent.Key, 1).WithTimeout();
        }

        await harness.Barrier();
        return harness;
    }
}
