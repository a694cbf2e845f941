using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Hosts;

/// <summary>The Host controller in a running operator (directory mode), probing a real sshd on loopback.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostControllerIntegrationTests
{
    private static readonly ResourceKey Remote = new(ResourceKinds.Host, "", "remote");

    [Test]
    public async Task SshHost_ProbedThenSshdStoppedThenBack_ReadyNotReadyReadyWithMetrics()
    {
        await using var sshd = await SshServer.StartNewAsync();
        await using var op = await OperatorHarness.StartAsync();
        using var metrics = new MetricsProbe(op.Services.GetRequiredService<SacMetrics>().Meter);
        op.WriteSpec("remote.yaml", $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Host
            metadata:
              name: remote
            spec:
            {sshd.HostSpecYaml()}
              probeInterval: 300ms
              capacity:
                agents: 4
            """);
        op.WriteSpec("pinned.yaml", """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: pinned
            spec:
              runtime: local
              command: ["sleep", "600"]
              host: remote
            """);

        var ready = await WaitAsync(op, s => s.Phase == "Ready" && s.PlacedAgents.Count == 1, "Ready with the pinned agent placed");
        ready.Cpus.Should().Be(Environment.ProcessorCount);
        ready.MemoryBytes.Should().BeGreaterThan(0);
        ready.Allocatable.Should().Be(new HostCapacity { Agents = 4, Cpus = ready.Cpus, Memory = ready.MemoryBytes, Gpus = ready.Gpus });
        ready.PlacedAgents.Should().Equal("pinned");
        var scrape = metrics.Scrape();
        scrape.Should().Contain("sac_host_ready{host=\"remote\"} 1")
            .And.Contain("sac_host_agents{host=\"remote\"} 1")
            .And.Contain("sac_host_capacity{host=\"remote\",resource=\"agents\"} 4")
            .And.Contain("sac_host_allocated{host=\"remote\",resource=\"agents\"} 1")
            .And.Contain("sac_host_probe_duration_seconds_count{host=\"remote\",result=\"success\"}");

        await sshd.StopAsync();
        var down = await WaitAsync(op, s => s.Phase == "NotReady", "NotReady once sshd is gone");

        down.Reason.Should().Be(HostReasons.Unreachable);
        down.Message.Should().Contain("3 probe(s) failed").And.Contain("refused");
        down.Cpus.Should().Be(ready.Cpus, "the last known facts stay");
        metrics.Scrape().Should().Contain("sac_host_ready{host=\"remote\"} 0");

        await sshd.StartAsync();
        var back = await WaitAsync(op, s => s.Phase == "Ready", "Ready again once sshd is back");
        back.MissedProbes.Should().Be(0);
        back.LastProbeError.Should().BeNull();
    }

    [Test]
    public async Task Host_Deleted_StatusAndSeriesGone()
    {
        await using var op = await OperatorHarness.StartAsync();
        using var metrics = new MetricsProbe(op.Services.GetRequiredService<SacMetrics>().Meter);
        var file = op.WriteSpec("remote.yaml", """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Host
            metadata:
              name: remote
            spec:
              address: local
            """);
        await WaitAsync(op, s => s.Phase == "Ready", "the local host probed Ready");

        File.Delete(file);
        await op.Status.WaitAsync(Remote, s => s is null).WithTimeout();

        metrics.Scrape().Should().NotContain("sac_host_ready{host=\"remote\"}");
    }

    private static async Task<HostStatus> WaitAsync(OperatorHarness op, Func<HostStatus, bool> predicate, string what)
    {
        try
        {
            return (HostStatus)(await op.Status.WaitAsync(Remote, s => s is HostStatus h && predicate(h)).WithTimeout(TimeSpan.FromSeconds(30)))!;
        }
        catch (TimeoutException)
        {
            var latest = op.Status.Latest(Remote) as HostStatus;
            throw new TimeoutException($"host not {what}; latest: phase={latest?.Phase} reason={latest?.Reason} message={latest?.Message} placed={string.Join(',', latest?.PlacedAgents ?? [])}");
        }
    }
}
