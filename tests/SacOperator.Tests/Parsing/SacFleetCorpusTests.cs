using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Parsing;

/// <summary>
/// The sac-native corpus (testdata/sac-fleet): every spec's diagnostics and converted manifest
/// are golden (<c>expected/&lt;agent&gt;.parse.txt</c>), and the properties a sac user relies on
/// are asserted by name.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SacFleetCorpusTests
{
    private static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string> { ["HOME"] = SacFleetCorpus.Home };

    public static IEnumerable<string> Agents() => SacFleetCorpus.AgentNames();

    private static ParsedFile Parse(string agent) =>
        SacSpecReader.Read(SacFleetCorpus.SpecPath(agent), File.ReadAllText(SacFleetCorpus.SpecPath(agent)), SacFleetCorpus.HostName, Environment);

    [TestCaseSource(nameof(Agents))]
    public void SacSpecRead_CorpusAgent_MatchesGoldenDiagnosticsAndManifest(string agent)
    {
        var parsed = Parse(agent);

        GoldenFile.Verify($"sac-fleet/expected/{agent}.parse.txt", SpecGoldenTests.Render(parsed, SacFleetCorpus.Agents));
    }

    [Test]
    public void SacSpecRead_EveryFieldAtSacDefaults_DrawsNoDiagnostic()
    {
        var parsed = Parse("lead");

        parsed.AllDiagnostics.Should().BeEmpty();
        parsed.Resources.Single().IsValid.Should().BeTrue();
    }

    [Test]
    public void SacSpecRead_NonDefaultValuesOfFieldsWeIgnore_WarnOncePerFieldNamingIt()
    {
        var warnings = Parse("worker").AllDiagnostics.Where(d => !d.IsError).ToList();

        warnings.Select(d => d.Path).Should().BeEquivalentTo(
            "spec.hooks.post_start", "spec.context_management.strategy", "spec.comms.inbound.siblings");
        warnings.Should().OnlyContain(d => d.Message.Contains("not supported by SacOperator", StringComparison.Ordinal));
    }

    [Test]
    public void SacSpecRead_A2aPortPinnedOrAuto_IsServedAsWritten()
    {
        var worker = (Agent)Parse("worker").Resources.Single().Resource!;
        var lead = (Agent)Parse("lead").Resources.Single().Resource!;

        worker.Spec.A2a.Should().Be(new A2aSpec { Host = "127.0.0.1", Port = 19005 });
        lead.Spec.A2a.Should().Be(new A2aSpec { Host = "127.0.0.1", Port = null }, "port: auto takes one from the operator's range");
    }

    [Test]
    public void SacSpecRead_OtherHarness_IsAnErrorNamingTheHarness()
    {
        var parsed = Parse("codex");

        parsed.AllDiagnostics.Should().ContainSingle(d => d.IsError && d.Path == "spec.harness")
            .Which.Message.Should().Contain("'codex'").And.Contain("only anthropic");
        parsed.Resources.Single().IsValid.Should().BeFalse();
    }

    [Test]
    public void SacSpecRead_HostsListWithoutThisHost_PlacesTheAgentOnTheFirstListedHost()
    {
        var agent = (Agent)Parse("elsewhere").Resources.Single().Resource!;

        agent.Spec.Host.Should().Be("gpu-1");
    }

    [Test]
    public void SacSpecRead_HostsListWithThisHost_RunsHereWithHostConditionalBindsFiltered()
    {
        var agent = (Agent)Parse("worker").Resources.Single().Resource!;

        agent.Spec.Host.Should().Be(SacFleetCorpus.HostName);
        agent.Spec.Binds.Select(b => b.ToString()).Should().Equal("~/proj/worker:/work:rw", "~/data/shared:/data/shared:ro", "~/scratch/worker:/scratch");
        agent.Spec.Sac!.OptionalBinds.Select(b => b.ToString()).Should().Equal("~/data/shared:/data/shared:ro");
        agent.Spec.Sac.EnsureDirectories.Should().Equal("~/scratch/worker");
    }

    [Test]
    public void SacSpecRead_NullSessionForALeadRole_Continues()
    {
        ((Agent)Parse("lead").Resources.Single().Resource!).Spec.Claude.Session.Should().Be(ClaudeSessions.Continue);
        ((Agent)Parse("default-image").Resources.Single().Resource!).Spec.Claude.Session.Should().Be(ClaudeSessions.Fresh);
    }

    [Test]
    public void SacSpecRead_EmptyImage_IsSacsDefaultImage()
    {
        ((Agent)Parse("default-image").Resources.Single().Resource!).Spec.Image.Should().Be("sac-scitex");
    }
}
