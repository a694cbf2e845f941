using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Status;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Parsing;

/// <summary>What the sac compatibility reader accepts and rejects, field by field, as sac does.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class SacSpecReaderTests : IDisposable
{
    private const string Host = "this-host";

    private readonly TempDirectory _dir = new("sacspec");

    public void Dispose() => _dir.Dispose();

    private ParsedFile Read(string spec, string metadata = "", string agent = "a")
    {
        var file = _dir.Write($"agents/{agent}/spec.yaml",
            $"apiVersion: scitex-agent-container/v3\nkind: Agent\n{metadata}spec:\n  apptainer: {{image: sac-base}}\n{spec}");
        return SacSpecReader.Read(file, File.ReadAllText(file), Host, new Dictionary<string, string> { ["HOME"] = _dir.Combine("home") });
    }

    private static AgentSpec SpecOf(ParsedFile parsed) => ((Agent)parsed.Resources.Single().Resource!).Spec;

    private static IEnumerable<Diagnostic> Errors(ParsedFile parsed) => parsed.AllDiagnostics.Where(d => d.IsError);

    [Test]
    public void Read_GroupsLabelList_IsAcceptedAsACommaSeparatedLabel()
    {
        var parsed = Read("", "metadata:\n  labels: {role: lead, groups: [developer, active]}\n");

        parsed.AllDiagnostics.Should().BeEmpty();
        ((Agent)parsed.Resources.Single().Resource!).Metadata.Labels.Should().Contain("groups", "developer,active");
    }

    [Test]
    public void Read_TagsLabel_IsRejectedAsSacDoes()
    {
        var parsed = Read("", "metadata:\n  labels: {tags: active}\n");

        Errors(parsed).Should().ContainSingle(d => d.Path == "metadata.labels.tags").Which.Message.Should().Contain("groups");
    }

    [TestCase("harness: openai", "spec.harness", "'openai'")]
    [TestCase("provider: hermes", "spec.provider", "'hermes'")]
    [TestCase("harness: anthropic\n  provider: codex", "spec.provider", "disagrees")]
    public void Read_HarnessOtherThanAnthropic_IsAnErrorNamingIt(string field, string path, string named)
    {
        var parsed = Read($"  {field}\n");

        Errors(parsed).Should().Contain(d => d.Path == path && d.Message.Contains(named, StringComparison.Ordinal));
    }

    [TestCase("harness: anthropic")]
    [TestCase("harness: \"\"")]
    [TestCase("provider: anthropic")]
    public void Read_AnthropicHarness_RunsClaudeCodeQuietly(string field)
    {
        var parsed = Read($"  {field}\n");

        parsed.AllDiagnostics.Should().BeEmpty();
        SpecOf(parsed).Command.Should().BeNull("the default command is Claude Code");
    }

    [TestCase("labels: {role: lead}", "", ClaudeSessions.Continue)]
    [TestCase("labels: {role: worker-telegrammer-x}", "", ClaudeSessions.Continue)]
    [TestCase("labels: {role: analyst}", "", ClaudeSessions.Fresh)]
    [TestCase("labels: {}", "  apptainer: {image: sac-base, env: {SCITEX_AGENT_CONTAINER_ROLE: head}}\n", ClaudeSessions.Continue)]
    [TestCase("labels: {role: lead}", "  claude: {session: fresh}\n", ClaudeSessions.Fresh)]
    [TestCase("labels: {role: analyst}", "  session: continue\n  claude: {session: null}\n", ClaudeSessions.Continue)]
    public void Read_NullSession_FollowsSacsRoleRule(string labels, string spec, string expected)
    {
        var apptainer = spec.Contains("apptainer", StringComparison.Ordinal) ? "" : "  apptainer: {image: sac-base}\n";
        var parsed = ReadWithApptainer(apptainer + spec, $"metadata:\n  {labels}\n");

        SpecOf(parsed).Claude.Session.Should().Be(expected);
    }

    private ParsedFile ReadWithApptainer(string spec, string metadata)
    {
        var file = _dir.Write("agents/a/spec.yaml", $"apiVersion: scitex-agent-container/v3\nkind: Agent\n{metadata}spec:\n{spec}");
        return SacSpecReader.Read(file, File.ReadAllText(file), Host, new Dictionary<string, string> { ["HOME"] = _dir.Combine("home") });
    }

    [Test]
    public void Read_SacVariablesInApptainerEnv_AreAcceptedExceptTheOperatorsOwn()
    {
        var parsed = ReadWithApptainer("  apptainer: {image: sac-base, env: {SAC_PROVIDER: anthropic, SAC_AGENT_NAME: x}}\n", "");

        Errors(parsed).Should().ContainSingle().Which.Path.Should().Be("spec.apptainer.env.SAC_AGENT_NAME");
    }

    [Test]
    public void Read_FractionalSeconds_AreAcceptedWhereSacTakesNumbers()
    {
        var spec = SpecOf(Read("  health: {enabled: true, interval: 12.5, timeout: 0.5}\n  restart: {policy: always, backoff: {initial: 1.5, max: 60, multiplier: 1.5}}\n"));

        spec.Health.Interval.Should().Be(TimeSpan.FromSeconds(12.5));
        spec.Health.Timeout.Should().Be(TimeSpan.FromMilliseconds(500));
        spec.Restart.Backoff.Initial.Should().Be(TimeSpan.FromSeconds(1.5));
        spec.Restart.Backoff.Multiplier.Should().Be(1.5);
    }

    [TestCase("sdk-alive", false)]
    [TestCase("process", false)]
    [TestCase("multiplexer-alive", false)]
    [TestCase("pane-alive", true)]
    public void Read_HealthMethod_AcceptsWhatSacAccepts(string method, bool error)
    {
        var parsed = Read($"  health: {{enabled: true, method: {method}}}\n");

        Errors(parsed).Any(d => d.Path == "spec.health.method").Should().Be(error);
    }

    [Test]
    public void Read_HostAndHosts_AreMutuallyExclusive()
    {
        Errors(Read("  host: a\n  hosts: [b]\n")).Should().ContainSingle(d => d.Path == "spec.hosts").Which.Message.Should().Contain("mutually exclusive");
    }

    [TestCase("hosts: all", null)]
    [TestCase("hosts: [x, this-host]", Host)]
    [TestCase("hosts: [x, y]", "x")]
    [TestCase("host: [y, THIS-HOST]", "THIS-HOST")]
    [TestCase("host: ${HOSTNAME}", Host)]
    public void Read_Placement_RunsWhereThisHostIsListed(string field, string? expected)
    {
        SpecOf(Read($"  {field}\n")).Host.Should().Be(expected);
    }

    [Test]
    public void Read_HostnamePlaceholder_IsSubstitutedInEveryString()
    {
        var spec = SpecOf(ReadWithApptainer(
            "  apptainer:\n    image: sac-base\n    binds: [\"/data/${HOSTNAME}:/data:ro\"]\n    env: {WHERE: \"on-${SCITEX_OROCHI_HOSTNAME}\"}\n  startup_prompts: [\"You run on ${HOSTNAME}.\"]\n", ""));

        spec.Binds.Select(b => b.ToString()).Should().Equal("/data/this-host:/data:ro");
        spec.Env["WHERE"].Should().Be("on-this-host");
        spec.StartupPrompts.Should().Equal("You run on this-host.");
    }

    [Test]
    public void Read_BindMappings_DeclareIntentAsSacDoes()
    {
        var spec = SpecOf(ReadWithApptainer("""
              apptainer:
                image: sac-base
                binds:
                  - /a:/a
                  - {source: /b, dest: /b, mode: ro, required: false}
                  - {source: /c, dest: /c, ensure: dir}
                  - {source: /d, dest: /d, hosts: [elsewhere], required: true}
                  - {src: /e, dst: /e, mode: ro}

            """, ""));

        spec.Binds.Select(b => b.ToString()).Should().Equal("/a:/a", "/b:/b:ro", "/c:/c", "/e:/e:ro");
        spec.Sac!.OptionalBinds.Select(b => b.ToString()).Should().Equal("/b:/b:ro");
        spec.Sac.EnsureDirectories.Should().Equal("/c");
    }

    [TestCase("{source: /b, dest: /b, requred: false}", "spec.apptainer.binds[0].requred")]
    [TestCase("{source: /b, src: /b, dest: /b}", "spec.apptainer.binds[0].src")]
    [TestCase("{source: /b, dest: /b, ensure: file}", "spec.apptainer.binds[0].ensure")]
    [TestCase("{source: /b, dest: /b, hosts: []}", "spec.apptainer.binds[0].hosts")]
    [TestCase("{source: /b, dest: /b, required: \"false\"}", "spec.apptainer.binds[0].required")]
    [TestCase("{source: /b, dest: relative}", "spec.apptainer.binds[0]")]
    [TestCase("{dest: /b, required: false}", "spec.apptainer.binds[0]")]
    public void Read_MalformedBindMapping_IsAnErrorAtTheField(string entry, string path)
    {
        var parsed = ReadWithApptainer($"  apptainer:\n    image: sac-base\n    binds:\n      - {entry}\n", "");

        Errors(parsed).Should().Contain(d => d.Path == path);
    }

    [Test]
    public void Read_StartupCommands_KeepOrderAndDelays()
    {
        var spec = SpecOf(Read("  startup_commands:\n    - {delay: 0, command: \"mkdir -p /tmp/x\"}\n    - {delay: 2, command: \"touch /tmp/x/y\"}\n"));

        spec.Sac!.StartupCommands.Should().Equal(
            new StartupCommand { Command = "mkdir -p /tmp/x", Delay = TimeSpan.Zero },
            new StartupCommand { Command = "touch /tmp/x/y", Delay = TimeSpan.FromSeconds(2) });
    }

    [TestCase("- \"echo bare\"", true)]
    [TestCase("- {delay: 0, command: \"rm -rf $WORK/build\"}", true)]
    [TestCase("- {delay: 0, command: \"cd /x && rm -r -f \\\"${CACHE}\\\"\"}", true)]
    [TestCase("- {delay: 0, command: \"rm -rf ${WORK:?}/build\"}", false)]
    [TestCase("- {delay: 0, command: \"rm -f $PIDFILE\"}", false)]
    [TestCase("- {delay: 0, command: \"rm -rf /tmp/build\"}", false)]
    public void Read_StartupCommand_BareStringsAndUnguardedRecursiveRemovesAreRefused(string item, bool error)
    {
        Errors(Read($"  startup_commands:\n    {item}\n")).Any(d => d.Path.StartsWith("spec.startup_commands[0]", StringComparison.Ordinal)).Should().Be(error);
    }

    [TestCase("2G", "2G", false)]
    [TestCase("512MB", "512MB", false)]
    [TestCase("\"\"", null, false)]
    [TestCase("64K", null, true)]
    public void Read_TmpfsSize_TakesSacsUnits(string value, string? expected, bool error)
    {
        var parsed = ReadWithApptainer($"  apptainer: {{image: sac-base, tmpfs_size: {value}}}\n", "");

        Errors(parsed).Any(d => d.Path == "spec.apptainer.tmpfs_size").Should().Be(error);
        if (!error)
        {
            SpecOf(parsed).Sac!.TmpfsSize.Should().Be(expected);
        }
    }

    [Test]
    public void Read_UnknownHomeLayer_IsAnError()
    {
        Errors(Read("  to_home_layers: [per-agent, team-shared]\n")).Should().ContainSingle(d => d.Path == "spec.to_home_layers")
            .Which.Message.Should().Contain("team-shared");
    }

    [Test]
    public void Read_ChangeUnderToHome_ChangesTheProcessHash()
    {
        _dir.Write("agents/a/to_home/CLAUDE.md", "first");
        var before = SpecHashes.Process(SpecOf(Read("")));
        _dir.Write("agents/a/to_home/CLAUDE.md", "second");
        var afterAgentLayer = SpecHashes.Process(SpecOf(Read("")));
        _dir.Write("agents/_shared/to_home/.mcp.json", "{}");
        var afterSharedLayer = SpecHashes.Process(SpecOf(Read("")));

        afterAgentLayer.Should().NotBe(before);
        afterSharedLayer.Should().NotBe(afterAgentLayer);
        SpecHashes.Process(SpecOf(Read(""))).Should().Be(afterSharedLayer, "unchanged content hashes the same");
    }

    [TestCase("container: {runtime: apptainer}", "spec.container.runtime")]
    [TestCase("skills: [a]", "spec.skills")]
    [TestCase("scheduling: {mode: per-host}", "spec.scheduling")]
    public void Read_FieldsSacRemoved_AreErrorsWithTheReplacement(string field, string path)
    {
        Errors(Read($"  {field}\n")).Should().ContainSingle(d => d.Path == path);
    }

    [Test]
    public void Read_ContainerWorkdir_IsRejectedAsSacRejectsIt()
    {
        Errors(ReadWithApptainer("  apptainer: {image: sac-base, container_workdir: /work}\n", "")).Should().ContainSingle(d => d.Path == "spec.apptainer.container_workdir");
    }

    [Test]
    public void Read_TuiRuntime_IsSacsDefaultAndDrawsNoWarning()
    {
        Read("  runtime: tui\n").AllDiagnostics.Should().BeEmpty();
    }

    [TestCase("provider: deepseek", false)]
    [TestCase("provider: anthropic", false)]
    [TestCase("provider: {base_url: \"https://x/anthropic\", auth_token_env: X_KEY}", false)]
    [TestCase("provider: nosuch", true)]
    [TestCase("provider: {base_url: \"https://x\"}", true)]
    [TestCase("provider: deepseek, account: alice", true)]
    [TestCase("provider: deepseek, credentials_file: /c/.credentials.json", true)]
    public void Read_ClaudeProvider_AcceptsWhatSacAccepts(string fields, bool error)
    {
        Errors(Read($"  claude: {{{fields}}}\n")).Any(d => d.Path == "spec.claude.provider").Should().Be(error);
    }

    [TestCase("residency: resident\n  restart: {policy: on-failure}", RestartPolicies.Always)]
    [TestCase("restart: {policy: on-failure}", RestartPolicies.Always)]
    [TestCase("residency: one-shot\n  restart: {policy: on-failure}", RestartPolicies.OnFailure)]
    [TestCase("restart: {policy: never}", RestartPolicies.Never)]
    public void Read_OnFailure_RestartsAResidentAgentAfterAnyExitAsSacDoes(string fields, string expected)
    {
        SpecOf(Read($"  {fields}\n")).Restart.Policy.Should().Be(expected);
    }
}
