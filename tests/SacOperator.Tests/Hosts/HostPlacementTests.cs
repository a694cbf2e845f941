using FluentAssertions;
using NUnit.Framework;
using SacOperator.Hosts;
using SacOperator.Scheduling;
using SacOperator.Model;

namespace SacOperator.Tests.Hosts;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostPlacementTests
{
    private static readonly Dictionary<string, string> Gpu = new() { ["gpu"] = "a100" };

    private static PlacementCandidate Host(string name, HostCapacity allocatable, HostCapacity? allocated = null, bool ready = true, bool cordoned = false, Dictionary<string, string>? labels = null) =>
        new(name, labels ?? [], ready, cordoned, allocatable, allocated ?? new HostCapacity());

    private static readonly HostCapacity Big = new() { Agents = 10, Cpus = 64, Memory = 256L << 30, Gpus = 8 };

    [TestCase("agents", 0, 0, 0)]
    [TestCase("cpus", 8, 0, 0)]
    [TestCase("memory", 0, 8L << 30, 0)]
    [TestCase("gpus", 0, 0, 1)]
    public void Choose_HostFullInOneDimension_IsSkippedForTheOther(string full, int cpus, long memory, int gpus)
    {
        var taken = full switch
        {
            "agents" => new HostCapacity { Agents = 10 },
            "cpus" => new HostCapacity { Cpus = 60 },
            "memory" => new HostCapacity { Memory = 250L << 30 },
            _ => new HostCapacity { Gpus = 8 },
        };
        // "a-full" would win every tie and has more free capacity overall but lacks room in one dimension.
        var hosts = new[] { Host("a-full", Big, taken), Host("b-roomy", Big, new HostCapacity { Agents = 9, Cpus = 50, Memory = 200L << 30, Gpus = 7 }) };

        var decision = HostPlacement.Choose(null, null, null, new PlacementRequest(cpus, memory, gpus), hosts);

        decision.Host.Should().Be("b-roomy");
        decision.Reason.Should().Be(PlacementDecision.Placed);
    }

    [Test]
    public void Choose_NoHostFits_UnschedulableNamingEachReason()
    {
        var hosts = new[]
        {
            Host("down", Big, ready: false),
            Host("drained", Big, cordoned: true),
            Host("cpu-only", Big with { Gpus = 0 }),
            Host("elsewhere", Big, labels: []),
        };

        var decision = HostPlacement.Choose(null, null, null, new PlacementRequest(Gpus: 1), hosts[..3]);
        var selected = HostPlacement.Choose(null, Gpu, null, new PlacementRequest(), [hosts[3]]);

        decision.Host.Should().BeNull();
        decision.Reason.Should().Be(PlacementDecision.Unschedulable);
        decision.Message.Should().Be("no host fits: cpu-only: not enough GPUs (0 free, 1 requested); down: not Ready; drained: cordoned");
        selected.Message.Should().Be("no host fits: elsewhere: label gpu=a100 not set");
    }

    [Test]
    public void Choose_SeveralFit_MostFreeWinsAndTiesGoByName()
    {
        var half = new HostCapacity { Agents = 5, Cpus = 32, Memory = 128L << 30, Gpus = 4 };

        var lessLoaded = HostPlacement.Choose(null, null, null, new PlacementRequest(), [Host("a", Big, half), Host("b", Big)]);
        var tie = HostPlacement.Choose(null, null, null, new PlacementRequest(), [Host("z", Big), Host("m", Big)]);

        lessLoaded.Host.Should().Be("b");
        tie.Host.Should().Be("m");
    }

    [Test]
    public void Choose_AlreadyPlaced_KeptWhenItsHostFillsUpOrStopsAnswering()
    {
        var hosts = new[] { Host("old", Big, new HostCapacity { Agents = 10 }, ready: false), Host("empty", Big) };

        var decision = HostPlacement.Choose(null, null, "old", new PlacementRequest(), hosts);

        decision.Host.Should().Be("old", "placement never flaps: an agent moves only by drain or by its spec");
        decision.Reason.Should().Be(PlacementDecision.Kept);
    }

    [Test]
    public void Choose_PlacedOnADeletedHost_PlacedAgain()
    {
        var decision = HostPlacement.Choose(null, null, "gone", new PlacementRequest(), [Host("new", Big)]);

        decision.Host.Should().Be("new");
    }

    [Test]
    public void Choose_Pinned_WinsEvenOnANotReadyHost()
    {
        var decision = HostPlacement.Choose("gpu-box", null, "other", new PlacementRequest(), [Host("gpu-box", Big, ready: false), Host("other", Big)]);

        decision.Should().Be(new PlacementDecision("gpu-box", PlacementDecision.Pinned, "spec.host names 'gpu-box'"));
    }

    [Test]
    public void Choose_SelectorMatches_OnlyLabelledHostsConsidered()
    {
        var decision = HostPlacement.Choose(null, Gpu, null, new PlacementRequest(), [Host("a-plain", Big), Host("b-gpu", Big, new HostCapacity { Agents = 9 }, labels: Gpu)]);

        decision.Host.Should().Be("b-gpu");
    }

    [Test]
    public void Choose_UnlimitedHost_Fits()
    {
        var decision = HostPlacement.Choose(null, null, null, new PlacementRequest(Cpus: 1000, Memory: long.MaxValue / 2, Gpus: 100), [Host("open", new HostCapacity())]);

        decision.Host.Should().Be("open");
    }
}
