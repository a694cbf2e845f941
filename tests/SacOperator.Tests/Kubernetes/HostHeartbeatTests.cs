using FluentAssertions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Leases;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesApiTests;

namespace SacOperator.Tests.Kubernetes;

/// <summary>The per-host Lease: it gates the Agent controller and stops the operator when another one takes the host over.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class HostHeartbeatTests
{
    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }

    [Test]
    public async Task Heartbeat_LeaseTakenOverByAnotherOperator_RecordsWhyAndStopsTheOperator()
    {
        await using var server = await FakeApiServer.StartAsync();
        using var api = Client(server);
        var options = LeaseOptions.Heartbeat("sacoperator-system", "node1", "node1@me") with
        {
            LeaseDuration = TimeSpan.FromMilliseconds(400), RenewDeadline = TimeSpan.FromMilliseconds(300), RetryPeriod = TimeSpan.FromMilliseconds(50),
        };
        var elector = new LeaderElector(api, options, TimeProvider.System, () => 0.5, new KubernetesMetrics(), NullLogger.Instance);
        var gate = new Gate();
        var loss = new LeaseLoss();
        var lifetime = new Lifetime();
        var heartbeat = new HostHeartbeat(elector, gate, loss, lifetime, TimeProvider.System, NullLogger<HostHeartbeat>.Instance);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(stopping.SetResult);
        await heartbeat.StartAsync(CancellationToken.None);
        await gate.Opened.WithTimeout();

        var lease = (await api.GetAsync(ApiResources.Leases, "sacoperator-system", "sacop-host-node1", CancellationToken.None))!;
        lease["spec"]!["holderIdentity"] = "node1@intruder";
        lease["spec"]!["leaseDurationSeconds"] = 3600;
        await api.ReplaceAsync(ApiResources.Leases, "sacoperator-system", "sacop-host-node1", lease, CancellationToken.None);
        await stopping.Task.WithTimeout();
        await heartbeat.StopAsync(CancellationToken.None);

        loss.Reason.Should().Contain("sacop-host-node1").And.Contain("node1@intruder");
    }
}
