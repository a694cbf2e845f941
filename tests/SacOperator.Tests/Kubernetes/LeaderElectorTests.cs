using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Leases;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesApiTests;

namespace SacOperator.Tests.Kubernetes;

/// <summary>Lease-based election against the stand-in; each candidate has its own manual clock.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class LeaderElectorTests
{
    private static LeaderElector Candidate(KubernetesApi api, string identity, TimeProvider time, LeaseOptions? options = null) => new(
        api,
        options ?? new LeaseOptions { Namespace = "sacoperator-system", Name = LeaseOptions.LeaderName, Identity = identity },
        time,
        () => 0.5,
        new KubernetesMetrics(),
        NullLogger.Instance);

    private static async Task<LeaseRecord> LeaseAsync(KubernetesApi api, string name = LeaseOptions.LeaderName) =>
        LeaseRecord.From((await api.GetAsync(ApiResources.Leases, "sacoperator-system", name, CancellationToken.None))!);

    [Test]
    public void LeaseOptions_Defaults_AreControllerRuntimes()
    {
        var options = new LeaseOptions { Namespace = "n", Name = "l", Identity = "i" };

        (options.LeaseDuration, options.RenewDeadline, options.RetryPeriod).Should().Be((TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task TryAcquire_NoLease_CreatesItAndLeads()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var a = Candidate(api, "a", new ManualTimeProvider());

        var acquired = await a.TryAcquireOrRenewAsync(CancellationToken.None);

        acquired.Should().BeTrue();
        a.IsLeader.Should().BeTrue();
        var lease = await LeaseAsync(api);
        lease.HolderIdentity.Should().Be("a");
        lease.LeaseDurationSeconds.Should().Be(15);
        lease.LeaseTransitions.Should().Be(0);
    }

    [Test]
    public async Task TryAcquire_HeldAndRenewed_OtherCandidateWaits()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var clockA = new ManualTimeProvider();
        var clockB = new ManualTimeProvider();
        var a = Candidate(api, "a", clockA);
        var b = Candidate(api, "b", clockB);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);

        var first = await b.TryAcquireOrRenewAsync(CancellationToken.None);
        clockA.Advance(TimeSpan.FromSeconds(10));
        clockB.Advance(TimeSpan.FromSeconds(10));
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        clockB.Advance(TimeSpan.FromSeconds(10));
        var second = await b.TryAcquireOrRenewAsync(CancellationToken.None);

        (first, second).Should().Be((false, false), "the holder renewed within every lease duration b observed");
        b.ObservedHolder.Should().Be("a");
        (await LeaseAsync(api)).HolderIdentity.Should().Be("a");
    }

    [Test]
    public async Task TryAcquire_HolderStoppedRenewing_IsTakenOverAfterALeaseDurationOnTheCandidatesClock()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var clockB = new ManualTimeProvider(DateTimeOffset.UtcNow.AddYears(3));
        var a = Candidate(api, "a", new ManualTimeProvider());
        var b = Candidate(api, "b", clockB);
        await a.TryAcquireOrRenewAsync(CancellationToken.None);

        var tooEarly = await b.TryAcquireOrRenewAsync(CancellationToken.None);
        clockB.Advance(TimeSpan.FromSeconds(16));
        var taken = await b.TryAcquireOrRenewAsync(CancellationToken.None);
        var aRenews = await a.TryAcquireOrRenewAsync(CancellationToken.None);

        tooEarly.Should().BeFalse("b measures the lease on its own clock from when it saw the record, not from the holder's timestamps");
        taken.Should().BeTrue();
        aRenews.Should().BeFalse();
        a.IsLeader.Should().BeFalse();
        var lease = await LeaseAsync(api);
        lease.HolderIdentity.Should().Be("b");
        lease.LeaseTransitions.Should().Be(1);
    }

    [Test]
    public async Task ReleaseAsync_Leader_EmptiesTheHolderSoAnotherLeadsAtOnce()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var a = Candidate(api, "a", new ManualTimeProvider());
        var b = Candidate(api, "b", new ManualTimeProvider());
        await a.TryAcquireOrRenewAsync(CancellationToken.None);
        await b.TryAcquireOrRenewAsync(CancellationToken.None);

        await a.ReleaseAsync();
        var taken = await b.TryAcquireOrRenewAsync(CancellationToken.None);

        taken.Should().BeTrue();
    }

    [Test]
    public async Task TryAcquire_TwoCandidatesRacing_OnlyOneWins()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var candidates = Enumerable.Range(0, 5).Select(i => Candidate(api, $"c{i}", new ManualTimeProvider())).ToList();

        var results = await Task.WhenAll(candidates.Select(c => c.TryAcquireOrRenewAsync(CancellationToken.None)));

        results.Count(r => r).Should().Be(1);
    }

    [Test]
    public async Task RunAsync_RenewalsFailPastTheDeadline_ReportsLeadershipLost()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var options = new LeaseOptions
        {
            Namespace = "sacoperator-system", Name = LeaseOptions.LeaderName, Identity = "a",
            LeaseDuration = TimeSpan.FromMilliseconds(900), RenewDeadline = TimeSpan.FromMilliseconds(600), RetryPeriod = TimeSpan.FromMilliseconds(100),
        };
        var a = Candidate(api, "a", TimeProvider.System, options);
        var led = new TaskCompletionSource();
        var run = a.RunAsync(led.SetResult, CancellationToken.None);
        await led.Task.WithTimeout();

        server.FailNext("PUT", "/leases/", 500, times: 1000);
        var lost = await run.WithTimeout();

        lost.Should().BeTrue();
        a.IsLeader.Should().BeFalse();
    }

    [Test]
    public async Task HostHeartbeat_SecondOperatorWithTheSameHost_WaitsWhileTheFirstHoldsIt()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var first = Candidate(api, "node1@one", new ManualTimeProvider(), LeaseOptions.Heartbeat("sacoperator-system", "Node1", "node1@one"));
        var second = Candidate(api, "node1@two", new ManualTimeProvider(), LeaseOptions.Heartbeat("sacoperator-system", "Node1", "node1@two"));

        var held = await first.TryAcquireOrRenewAsync(CancellationToken.None);
        var refused = await second.TryAcquireOrRenewAsync(CancellationToken.None);

        (held, refused).Should().Be((true, false));
        var lease = await LeaseAsync(api, "sacop-host-node1");
        lease.LeaseDurationSeconds.Should().Be(40);
        second.ObservedHolder.Should().Be("node1@one");
    }
}
