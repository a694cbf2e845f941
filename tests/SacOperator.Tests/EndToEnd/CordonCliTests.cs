using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary><c>sacop cordon|uncordon</c> (the built binary) against a running operator's Host files.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CordonCliTests
{
    [Test]
    public async Task Cordon_KnownHost_SetsUnschedulableInItsFileKeepingCommentsAndUncordonClearsIt()
    {
        await using var op = await OperatorHarness.StartAsync();
        var file = op.WriteSpec("hosts.yaml", """
            # the lab's workstation
            apiVersion: sacoperator.dev/v1alpha1
            kind: Host
            metadata:
              name: box
            spec:
              address: local   # this machine
              probeInterval: 300ms
            """);
        var key = new ResourceKey(ResourceKinds.Host, "", "box");
        await op.Status.WaitAsync(key, s => s?.Phase == "Ready").WithTimeout();
        var cli = new SacopCli(op.Home);

        var cordon = await cli.RunAsync("cordon", "box");
        var cordoned = await op.Status.WaitAsync(key, s => s?.Message?.StartsWith("cordoned", StringComparison.Ordinal) == true).WithTimeout();
        var text = File.ReadAllText(file);
        var uncordon = await cli.RunAsync("uncordon", "box");
        await op.Status.WaitAsync(key, s => s is { Phase: "Ready" } && s.Message?.StartsWith("cordoned", StringComparison.Ordinal) == false).WithTimeout();

        cordon.ExitCode.Should().Be(0, cordon.ToString());
        cordon.Stdout.Should().Contain("host/box cordoned");
        text.Should().Contain("unschedulable: true").And.Contain("# the lab's workstation").And.Contain("# this machine");
        cordoned!.Phase.Should().Be("Ready", "a cordoned host keeps its agents and stays Ready");
        uncordon.ExitCode.Should().Be(0, uncordon.ToString());
        File.ReadAllText(file).Should().Contain("unschedulable: false");
    }

    [Test]
    public async Task Cordon_UnknownHost_FailsNamingIt()
    {
        await using var op = await OperatorHarness.StartAsync();

        var result = await new SacopCli(op.Home).RunAsync("cordon", "nowhere");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("host 'nowhere' is not known");
    }
}
