using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Engine;
using SacOperator.Inventory;
using SacOperator.Model;
using SacOperator.Operator.Hosting;
using SacOperator.Operator.Telemetry;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

/// <summary>
/// Two controllers of one kind (this host's Agents, and cluster-wide placement of Agents) keep
/// separate series: the <c>controller</c> label tells them apart, <c>kind</c> stays.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ControllerMetricsTests : IDisposable
{
    private readonly SacMetrics _metrics = new();
    private readonly MetricsProbe _probe;

    public ControllerMetricsTests()
    {
        _probe = new MetricsProbe(_metrics.Meter);
    }

    public void Dispose()
    {
        _probe.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public async Task TwoControllersOfOneKind_ReconcileAndQueueSeries_AreSeparate()
    {
        await using var agents = new ControllerHarness(name: "Agent", metrics: _metrics);
        await using var placement = new ControllerHarness(name: "placement", metrics: _metrics);
        _ = new OperatorGauges(_metrics, new GaugeSources
        {
            Fleet = new FleetView(),
            Controllers = () => [agents.Controller, placement.Controller],
            Ready = () => true,
            Version = "test",
        }, agents.Time);
        agents.Store.Put(ResourceKey.Agent("a"));
        agents.Store.Put(ResourceKey.Agent("b"));
        placement.Store.Put(ResourceKey.Agent("a"));
        foreach (var harness in new[] { agents, placement })
        {
            harness.Store.CompleteSync();
            await harness.StartAsync();
        }

        await agents.Reconciler.WaitFor(ResourceKey.Agent("b"), 1).WithTimeout();
        await agents.Reconciler.WaitFor(ResourceKey.Agent("a"), 1).WithTimeout();
        await placement.Reconciler.WaitFor(ResourceKey.Agent("a"), 1).WithTimeout();
        var text = await ScrapeAfterReconcilesAsync(agents, placement);

        text.Should().Contain("sac_reconcile_total{controller=\"Agent\",kind=\"Agent\",result=\"success\"} 3")
            .And.Contain("sac_reconcile_total{controller=\"placement\",kind=\"Agent\",result=\"success\"} 2")
            .And.Contain("sac_reconcile_duration_seconds_count{controller=\"Agent\",kind=\"Agent\"} 3")
            .And.Contain("sac_reconcile_duration_seconds_count{controller=\"placement\",kind=\"Agent\"} 2")
            .And.Contain("sac_workqueue_adds_total{controller=\"Agent\",kind=\"Agent\"} 3")
            .And.Contain("sac_workqueue_adds_total{controller=\"placement\",kind=\"Agent\"} 2")
            .And.Contain("sac_workqueue_depth{controller=\"Agent\",kind=\"Agent\"} 0")
            .And.Contain("sac_workqueue_depth{controller=\"placement\",kind=\"Agent\"} 0");
        text.Should().NotContain("{kind=\"Agent\"", "no series of these families lacks the controller label");
    }

    [Test]
    public void AddController_TwoWithTheSameName_IsRefused()
    {
        var services = new ServiceCollection();
        var registration = new ControllerRegistration
        {
            Name = "Agent",
            Kind = ResourceKinds.Agent,
            Sources = _ => [],
            Reconciler = _ => throw new InvalidOperationException("not resolved in this test"),
        };
        services.AddController(registration);

        var again = () => services.AddController(registration with { Kind = ResourceKinds.Image });

        again.Should().Throw<InvalidOperationException>().WithMessage("*'Agent'*collide*");
    }

    /// <summary>
    /// Each harness reconciles its keys plus one barrier (counted above), then stops: a reconcile is
    /// counted after it returns, and stopping waits for the workers, so every count is final.
    /// </summary>
    private async Task<string> ScrapeAfterReconcilesAsync(params ControllerHarness[] harnesses)
    {
        foreach (var harness in harnesses)
        {
            await harness.Barrier();
            await harness.Controller.StopAsync(CancellationToken.None).WithTimeout();
        }

        return _probe.Scrape();
    }
}
