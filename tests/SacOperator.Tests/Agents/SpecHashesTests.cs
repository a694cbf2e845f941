using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Status;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class SpecHashesTests
{
    private static readonly AgentSpec Base = new() { Runtime = AgentRuntimes.Local, Command = ["agent"] };

    [Test]
    public void Process_ChangesThatDoNotShapeTheProcess_KeepTheHash()
    {
        var changed = Base with
        {
            Suspend = true,
            Host = "node1",
            Restart = new RestartSpec { Policy = RestartPolicies.Never },
            Health = new HealthSpec { Interval = TimeSpan.FromSeconds(5) },
            TerminationGracePeriod = TimeSpan.FromSeconds(30),
        };

        SpecHashes.Process(changed).Should().Be(SpecHashes.Process(Base));
    }

    [Test]
    public void Process_EnvImageBindsOrCommandChange_ChangesTheHash()
    {
        var hashes = new[]
        {
            SpecHashes.Process(Base),
            SpecHashes.Process(Base with { Env = new Dictionary<string, string> { ["A"] = "1" } }),
            SpecHashes.Process(Base with { Image = "other.sif" }),
            SpecHashes.Process(Base with { Binds = ["/data:/data"] }),
            SpecHashes.Process(Base with { Command = ["agent", "--verbose"] }),
            SpecHashes.Process(Base with { Gpu = GpuKinds.Nvidia }),
        };

        hashes.Should().OnlyHaveUniqueItems();
    }
}
