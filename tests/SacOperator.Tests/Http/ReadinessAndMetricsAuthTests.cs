using System.Net;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using NUnit.Framework;
using SacOperator.Engine;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

/// <summary>Operators started with a held-back store sync, or with <c>--metrics-auth</c>.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ReadinessAndMetricsAuthTests
{
    [Test]
    public async Task Readyz_BeforeTheInitialSync_Is503WithTheReason_ThenAfterIt200()
    {
        GatedStore? gate = null;
        await using var op = await OperatorHarness.StartAsync(services: s =>
        {
            s.RemoveAll<IResourceStore>();
            s.AddSingleton<IResourceStore>(sp => gate = new GatedStore(sp.GetRequiredService<DirectoryStore>()));
        });
        using var http = new HttpProbe(op.Url);

        var before = await http.GetAsync("/readyz");
        var metricsBefore = await http.GetAsync("/metrics");
        gate!.Release();
        await Task.WhenAll(op.Services.GetServices<IHostedService>().OfType<Controller>().Select(c => c.Started)).WithTimeout();
        var after = await http.GetAsync("/readyz");
        var metricsAfter = await http.GetAsync("/metrics");

        before.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        before.Json["error"]!.GetValue<string>().Should().Be("NotReady");
        before.Json["reason"]!.GetValue<string>().Should().Contain("store 'directory' has not finished its initial sync").And.Contain("Agent controller has not started");
        before.Json["checks"]!.AsArray().Should().Contain(c => c!["name"]!.GetValue<string>() == "state" && c["ok"]!.GetValue<bool>());
        metricsBefore.Text.Should().Contain("sac_operator_ready 0");
        after.Status.Should().Be(HttpStatusCode.OK, after.ToString());
        after.Json["status"]!.GetValue<string>().Should().Be("ready");
        metricsAfter.Text.Should().Contain("sac_operator_ready 1");
    }

    [Test]
    public async Task Healthz_BeforeTheInitialSync_Is200()
    {
        await using var op = await OperatorHarness.StartAsync(services: s =>
        {
            s.RemoveAll<IResourceStore>();
            s.AddSingleton<IResourceStore>(sp => new GatedStore(sp.GetRequiredService<DirectoryStore>()));
        });
        using var http = new HttpProbe(op.Url);

        var answer = await http.GetAsync("/healthz");

        answer.Status.Should().Be(HttpStatusCode.OK);
    }

    [Test]
    public async Task Metrics_WithMetricsAuth_NeedTheToken()
    {
        await using var op = await OperatorHarness.StartAsync(o => o with { MetricsAuth = true });
        using var http = new HttpProbe(op.Url);

        var without = await http.GetAsync("/metrics");
        var wrong = await http.GetAsync("/metrics", "not-the-token");
        var with = await http.GetAsync("/metrics", op.Token);
        var health = await http.GetAsync("/healthz");

        without.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Status.Should().Be(HttpStatusCode.Forbidden);
        with.Status.Should().Be(HttpStatusCode.OK);
        with.Text.Should().Contain("sac_build_info");
        health.Status.Should().Be(HttpStatusCode.OK, "health stays open for probes");
    }
}
