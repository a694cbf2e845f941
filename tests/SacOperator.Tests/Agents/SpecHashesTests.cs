using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Status;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class SpecHashesTests
{
    private static readonly AgentSpec Base = new() { Runtime = AgentRuntimes.Local, Command = ["agent"] };

    /// <summary>The process hash of <c>Base</c> with <c>A=1</c>, computed before <c>EnvFiles</c> existed.</summary>
    private const string PinnedHash = "d4bd7264f97fd797f4ff8922";

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
            SpecHashes.Process(Base with { Binds = [BindMount.Parse("/data:/data")] }),
            SpecHashes.Process(Base with { Command = ["agent", "--verbose"] }),
            SpecHashes.Process(Base with { Gpu = GpuKinds.Nvidia }),
            SpecHashes.Process(Base with { EnvFiles = new Dictionary<string, string> { ["A"] = "/run/a" } }),
            SpecHashes.Process(Base with { EnvFiles = new Dictionary<string, string> { ["A"] = "/run/b" } }),
        };

        hashes.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Json_SecretEnvValue_IsMaskedWhileTheHashesSeeIt()
    {
        Agent With(string secret) => new()
        {
            Metadata = new ObjectMeta { Name = "a" },
            Spec = Base with { Env = new Dictionary<string, string> { ["GITHUB_TOKEN"] = secret } },
        };

        var json = SpecHashes.Json(With("ghp_0123456789abcdefghij"));

        json.Should().NotContain("ghp_0123456789abcdefghij").And.Contain("\"GITHUB_TOKEN\":\"***\"");
        SpecHashes.Json(With("ghp_other")).Should().Be(json);
        SpecHashes.Spec(With("ghp_other")).Should().NotBe(SpecHashes.Spec(With("ghp_0123456789abcdefghij")));
        SpecHashes.Process(With("ghp_other").Spec).Should().NotBe(SpecHashes.Process(With("ghp_0123456789abcdefghij").Spec));
    }

    [Test]
    public void Process_AgentWithoutFileSources_KeepsTheHashItHadBeforeFileSourcesExisted()
    {
        // Running agents are restarted when this hash changes, so an upgrade must not change it.
        var hash = SpecHashes.Process(Base with { Env = new Dictionary<string, string> { ["A"] = "1" } });

        hash.Should().Be(PinnedHash);
    }

    /// <summary>
    /// Binds became a model type (<see cref="BindMount"/>); the hash of a spec with binds, optional
    /// binds and ensured directories is the one the release with string binds computed (main at
    /// 0a66413), so no running agent is restarted by the upgrade.
    /// </summary>
    [Test]
    public void Process_SpecWithBinds_KeepsTheHashOfStringBinds()
    {
        var spec = new AgentSpec
        {
            Runtime = AgentRuntimes.Apptainer,
            Image = "agent.sif",
            Command = ["agent"],
            Binds = [.. new[] { "~/proj/x:/work/x:rw", "/data/ds:/data/ds:ro", "/scratch", "$HOME/c:/c" }.Select(BindMount.Parse)],
            Sac = new SacSettings { OptionalBinds = [BindMount.Parse("/data/ds:/data/ds:ro")], EnsureDirectories = ["/scratch"] },
        };

        var hash = SpecHashes.Process(spec);

        hash.Should().Be("58450d45ea89b4d7ae24eb35");
    }
}
