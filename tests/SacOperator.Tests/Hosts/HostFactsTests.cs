using FluentAssertions;
using NUnit.Framework;
using SacOperator.Hosts;

namespace SacOperator.Tests.Hosts;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostFactsTests
{
    [Test]
    public void Parse_FullProbeOutput_ReadsEveryFact()
    {
        const string output = "reachable=1\ncpus=64\nmemory=270582939648\nmemoryAvailable=200000000000\nload=3.25\napptainer=apptainer version 1.3.4\ngpus.nvidia=4\ngpus.rocm=0\nagents=7\n";

        var facts = HostFacts.Parse(output);

        facts.Should().BeEquivalentTo(new HostFacts
        {
            Cpus = 64, MemoryBytes = 270582939648, AvailableMemoryBytes = 200000000000, Load = "3.25",
            ApptainerVersion = "apptainer version 1.3.4", Gpus = 4, RunningAgents = 7,
        });
    }

    [Test]
    public void Parse_NoGpuToolsAndNoApptainer_LeavesThoseUnknown()
    {
        var facts = HostFacts.Parse("reachable=1\ncpus=2\nmemory=1024\nagents=0\n");

        facts!.Gpus.Should().BeNull("neither nvidia-smi nor rocm-smi exists there");
        facts.ApptainerVersion.Should().BeNull();
        facts.Cpus.Should().Be(2);
    }

    [Test]
    public void Parse_WithoutTheReachableLine_IsNull()
    {
        HostFacts.Parse("bash: module: command not found\ncpus=4\n").Should().BeNull("the probe did not run to its first line");
    }

    [Test]
    public void Parse_MalformedValues_AreIgnoredNotThrown()
    {
        var facts = HostFacts.Parse("reachable=1\ncpus=lots\nmemory=-5\nagents=\nnoise without equals\n");

        facts!.Cpus.Should().BeNull();
        facts.MemoryBytes.Should().BeNull();
        facts.RunningAgents.Should().Be(0);
    }
}
