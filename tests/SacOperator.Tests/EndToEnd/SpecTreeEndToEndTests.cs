using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The built <c>sacop</c> against an agents directory that misbehaves: removed and restored under a
/// running fleet, holding a symlink loop and a dangling link, or holding specs that are symlinks.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class SpecTreeEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("e2etree");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private readonly string _marker = "7" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    private Process? _operator;

    public SpecTreeEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    public void Dispose()
    {
        OperatorTeardown.Run(_operator, _cli.Home, Log);

        _dir.Dispose();
    }

    private string Log => _dir.Combine("operator.log");

    [Test]
    public async Task AgentsDirectoryRemoved_StopsNothingAndIsNotReady_UntilItIsRestored()
    {
        File.WriteAllText(Path.Combine(_agents, "a.yaml"), Spec("a"));
        File.WriteAllText(Path.Combine(_agents, "b.yaml"), Spec("b"));
        CopyDirectory(_agents, _dir.Combine("backup"));
        _operator = _cli.StartOperator(_agents, Log);
        var a = Pid(await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running"));
        var b = Pid(await _cli.WaitForAgentAsync("b", x => Phase(x) == "Running", "Running"));
        using var http = new HttpProbe(await ServerUrlAsync());
        await Eventually.Until(async () => (await http.GetAsync("/readyz")).Status == HttpStatusCode.OK, "the operator to be ready");

        Directory.Delete(_agents, recursive: true);
        var notReady = await Eventually.Until(() => http.GetAsync("/readyz"), r => r.Status == HttpStatusCode.ServiceUnavailable, "/readyz to answer 503");
        var metrics = await http.GetAsync("/metrics", File.ReadAllText(Path.Combine(_cli.Home, "token")).Trim());
        var whileGone = await _cli.AgentsAsync();
        Directory.Move(_dir.Combine("backup"), _agents);
        await Eventually.Until(async () => (await http.GetAsync("/readyz")).Status == HttpStatusCode.OK, "the operator to be ready again");
        var after = await _cli.AgentsAsync();

        notReady.Json["reason"]!.GetValue<string>().Should().Contain(_agents).And.Contain("is gone");
        metrics.Text.Should().Contain("sac_operator_ready 0");
        whileGone.Keys.Should().BeEquivalentTo(["a", "b"]);
        whileGone.Values.Should().OnlyContain(x => Phase(x) == "Running");
        Pid(after["a"]).Should().Be(a, "nothing was stopped or restarted");
        Pid(after["b"]).Should().Be(b);
        after.Values.Should().OnlyContain(x => Phase(x) == "Running" && x["status"]!["restartCount"]!.GetValue<int>() == 0);
        CountAgentProcesses().Should().Be(2);
        File.ReadAllText(Log).Should().Contain($"Watched directory {_agents} is gone");
    }

    [Test]
    public async Task SymlinkLoopAndDanglingLink_TheAgentRunsOnce_AndValidateNamesBothLinks()
    {
        File.WriteAllText(Path.Combine(_agents, "good.yaml"), Spec("good"));
        var loop = Path.Combine(_agents, "loop");
        var dangling = Path.Combine(_agents, "dangling.yaml");
        Directory.CreateSymbolicLink(loop, ".");
        File.CreateSymbolicLink(dangling, _dir.Combine("nowhere.yaml"));

        var validate = await _cli.RunAsync("validate", _agents);
        var validateLink = await _cli.RunAsync("validate", dangling);
        _operator = _cli.StartOperator(_agents, Log);
        var good = await _cli.WaitForAgentAsync("good", x => Phase(x) == "Running", "Running");

        validate.ExitCode.Should().Be(0, validate.ToString());
        validate.Stdout.Should().Contain("1 resource(s) in 1 file(s): valid, 2 warning(s)");
        validate.Stderr.Should().Contain($"{loop}: warning: symbolic link to a directory above it (a loop); not followed")
            .And.Contain($"{dangling}: warning: dangling symbolic link to {_dir.Combine("nowhere.yaml")}")
            .And.NotContain("Exception").And.NotContain("duplicate");
        validateLink.ExitCode.Should().Be(1, validateLink.ToString());
        validateLink.Stderr.Trim().Should().Be($"error: {dangling}: dangling symbolic link to {_dir.Combine("nowhere.yaml")} (no such file or directory)");
        ((string?)good["status"]?["message"]?.GetValue<string>() ?? "").Length.Should().BeLessThan(1024);
        (await _cli.AgentsAsync()).Keys.Should().Equal("good");
        CountAgentProcesses().Should().Be(1);
        File.ReadAllText(Log).Split("a loop").Length.Should().Be(2, "the loop is reported once");
    }

    [Test]
    public async Task SuspendAndResume_SpecIsASymlink_EditTheTargetKeepTheLinkAndTakeEffect()
    {
        var target = _dir.Write("specs/a.yaml", Spec("a"));
        var link = Path.Combine(_agents, "a.yaml");
        File.CreateSymbolicLink(link, target);
        _operator = _cli.StartOperator(_agents, Log);
        var pid = Pid(await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running"));

        var suspend = await _cli.RunAsync("suspend", "a");
        await _cli.WaitForAgentAsync("a", x => Phase(x) == "Frozen", "Frozen (the rescan is 30 s away: the watcher saw the edit)");
        var frozenText = File.ReadAllText(target);
        var resume = await _cli.RunAsync("resume", "a");
        var thawed = await _cli.WaitForAgentAsync("a", x => Phase(x) == "Running", "Running again");

        suspend.ExitCode.Should().Be(0, suspend.ToString());
        resume.ExitCode.Should().Be(0, resume.ToString());
        new FileInfo(link).LinkTarget.Should().Be(target, "the link is still a link to the same file");
        frozenText.Should().Contain("suspend: true");
        File.ReadAllText(target).Should().Contain("suspend: false").And.Contain("# a unique sleep duration marks");
        Pid(thawed).Should().Be(pid);
    }

    private string Spec(string name) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: {name}
        spec:
          runtime: local
          # a unique sleep duration marks this test's agents in the process table
          command: ["sleep", "{_marker}"]
        """;

    private async Task<Uri> ServerUrlAsync()
    {
        var file = Path.Combine(_cli.Home, "server.url");
        await Eventually.Until(() => File.Exists(file) && File.ReadAllText(file).Trim().Length > 0, "the operator to publish its URL");
        return new Uri(File.ReadAllText(file).Trim());
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;

    /// <summary>Processes running this test's agent command (a unique sleep duration).</summary>
    private int CountAgentProcesses() =>
        Directory.EnumerateDirectories("/proc").Count(dir =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(dir, "cmdline")) == $"sleep\0{_marker}\0" && ProcStat.Read(int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)) is { IsZombie: false };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return false;
            }
        });
}
