using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary><c>sacop drain</c> (the built binary) against a running operator with two probed Hosts on this machine.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class DrainCliTests
{
    private static string Host(string name, bool cordoned) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Host
        metadata:
          name: {name}
          labels:
            pool: lab
        spec:
          address: local
          probeInterval: 300ms
          unschedulable: {(cordoned ? "true" : "false")}
          capacity:
            agents: 3
        """;

    private static string Agent(string name, string placement) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: local
          command: ["sleep", "600"]
          {placement}
        """;

    [Test]
    public async Task Drain_HostWithPlacedAndPinnedAgents_MovesPlacedOnesOneByOneKeepsPinnedAndFails()
    {
        await using var op = await OperatorHarness.StartAsync();
        op.WriteSpec("box-a.yaml", Host("box-a", cordoned: false));
        op.WriteSpec("box-b.yaml", Host("box-b", cordoned: true));
        foreach (var host in new[] { "box-a", "box-b" })
        {
            await op.Status.WaitAsync(new ResourceKey(ResourceKinds.Host, "", host), s => s?.Phase == "Ready").WithTimeout();
        }

        op.WriteSpec("one.yaml", Agent("one", "hostSelector: {pool: lab}"));
        op.WriteSpec("two.yaml", Agent("two", "hostSelector: {pool: lab}"));
        op.WriteSpec("pin.yaml", Agent("pin", "host: box-a"));
        var before = new Dictionary<string, AgentStatus>();
        foreach (var name in new[] { "one", "two", "pin" })
        {
            before[name] = await op.WaitForAgentAsync(name, s => s.Phase == AgentPhases.Running && s.Host == "box-a");
        }

        var cli = new SacopCli(op.Home);
        (await cli.RunAsync("uncordon", "box-b")).ExitCode.Should().Be(0);
        await op.Status.WaitAsync(new ResourceKey(ResourceKinds.Host, "", "box-b"), s => s?.Message?.StartsWith("cordoned", StringComparison.Ordinal) == false).WithTimeout();

        var drain = await cli.RunAsync("drain", "box-a", "--timeout", "15s");

        drain.ExitCode.Should().Be(1, "the pinned agent is still on box-a: " + drain);
        drain.Stdout.Should().Contain("host/box-a cordoned").And.Contain("agent/one moved to box-b").And.Contain("agent/two moved to box-b");
        drain.Stderr.Should().Contain("agent/pin stays: spec.host pins it to 'box-a'");
        File.ReadAllText(Path.Combine(op.AgentsDir, "box-a.yaml")).Should().Contain("unschedulable: true");
        foreach (var name in new[] { "one", "two" })
        {
            var after = await op.WaitForAgentAsync(name, s => s.Phase == AgentPhases.Running);
            after.Host.Should().Be("box-b");
            after.Pid.Should().Be(before[name].Pid, "both Hosts are this machine: the process keeps running through the move");
            op.Events(name).Should().Contain(e => e.Reason == "Moved" && e.Message == "moved from 'box-a' to 'box-b' (drain)");
        }
    }
}
