using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Hosts;

/// <summary>spec.hostSelector in a running operator (directory mode), over probed Hosts whose address is this machine.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostSelectorPlacementTests
{
    private static string HostYaml(string name, int agents, string pool) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Host
        metadata:
          name: {name}
          labels:
            pool: {pool}
        spec:
          address: local
          probeInterval: 300ms
          capacity:
            agents: {agents}
        """;

    private static string AgentYaml(string name) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: local
          command: ["sleep", "600"]
          hostSelector:
            pool: lab
        """;

    [Test]
    public async Task HostSelector_TwoHostsOneSlotEach_OneAgentOnEachThirdUnschedulableAndChoicesKept()
    {
        await using var op = await OperatorHarness.StartAsync();
        op.WriteSpec("hosts.yaml", HostYaml("box-a", 1, "lab") + "\n---\n" + HostYaml("box-b", 1, "lab") + "\n---\n" + HostYaml("other", 5, "prod"));
        foreach (var host in new[] { "box-a", "box-b", "other" })
        {
            await op.Status.WaitAsync(new ResourceKey(ResourceKinds.Host, "", host), s => s?.Phase == "Ready").WithTimeout();
        }

        op.WriteSpec("first.yaml", AgentYaml("first"));
        var first = await op.WaitForAgentAsync("first", s => s.Phase == AgentPhases.Running);
        op.WriteSpec("second.yaml", AgentYaml("second"));
        var second = await op.WaitForAgentAsync("second", s => s.Phase == AgentPhases.Running);
        op.WriteSpec("third.yaml", AgentYaml("third"));
        var third = await op.WaitForAgentAsync("third", s => s.Reason == "Unschedulable");

        first.Host.Should().Be("box-a", "both fit equally; ties go by name");
        second.Host.Should().Be("box-b", "box-a's only slot is taken");
        third.Phase.Should().Be(AgentPhases.Pending);
        third.Message.Should().Be("no host fits: box-a: not enough agent slots (0 free, 1 requested); box-b: not enough agent slots (0 free, 1 requested); other: label pool=lab not set");
        third.Pid.Should().BeNull();

        // Room on box-a again (more slots): the running agents stay where they are, the third is placed.
        op.WriteSpec("hosts.yaml", HostYaml("box-a", 3, "lab") + "\n---\n" + HostYaml("box-b", 1, "lab") + "\n---\n" + HostYaml("other", 5, "prod"));
        var placed = await op.WaitForAgentAsync("third", s => s.Phase == AgentPhases.Running);
        placed.Host.Should().Be("box-a");
        (await op.WaitForAgentAsync("first", s => s.Phase == AgentPhases.Running)).Should().BeEquivalentTo(new { Host = "box-a", first.Pid });
        (await op.WaitForAgentAsync("second", s => s.Phase == AgentPhases.Running)).Should().BeEquivalentTo(new { Host = "box-b", second.Pid });
    }

    [Test]
    public async Task HostSelector_MemoryRequests_SecondAgentGoesWhereItsMemoryFitsThoughSlotsAreFreeOnBoth()
    {
        await using var op = await OperatorHarness.StartAsync();
        var small = HostYaml("a-small", 10, "lab") + "\n    memory: 1Gi\n";
        var large = HostYaml("b-large", 10, "lab") + "\n    memory: 8Gi\n";
        op.WriteSpec("hosts.yaml", small + "\n---\n" + large);
        foreach (var host in new[] { "a-small", "b-large" })
        {
            await op.Status.WaitAsync(new ResourceKey(ResourceKinds.Host, "", host), s => s?.Phase == "Ready").WithTimeout();
        }

        op.WriteSpec("big.yaml", AgentYaml("big") + "\n  resources:\n    memory: 6Gi\n");
        var big = await op.WaitForAgentAsync("big", s => s.Phase == AgentPhases.Running);
        op.WriteSpec("mid.yaml", AgentYaml("mid") + "\n  resources:\n    memory: 3Gi\n    cpus: 1\n");
        var mid = await op.WaitForAgentAsync("mid", s => s.Phase == AgentPhases.Running || s.Reason == "Unschedulable");

        big.Host.Should().Be("b-large", "only b-large has 6Gi");
        mid.Host.Should().BeNull("a-small has 1Gi and b-large 2Gi left: 3Gi fits nowhere");
        mid.Message.Should().Contain("a-small: not enough memory").And.Contain("b-large: not enough memory (2147483648 free, 3221225472 requested)");
    }
}
