using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// Images under the built <c>sacop</c>, built by the apptainer stand-in (real processes writing
/// real files): a def file becomes a Ready version whose recorded sha256 is the artifact's, an
/// agent naming the Image runs from that artifact, and an operator killed with SIGKILL during a
/// build leaves nothing the next one mistakes for a version.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class ImageEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("images-e2e");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private Process? _operator;

    public ImageEndToEndTests()
    {
        _agents = Directory.CreateDirectory(_dir.Combine("agents")).FullName;
        _cli = new SacopCli(_dir.Combine("sacop"), new Dictionary<string, string>
        {
            ["PATH"] = $"{Repo.StandIns}:/usr/local/bin:/usr/bin:/bin",
            ["HOME"] = _dir.Path,
            ["APPTAINER_STANDIN_DIR"] = _dir.Combine("standin"),
        });
    }

    public void Dispose()
    {
        StopOperator();
        OperatorHarness.KillAgents(_cli.Home);
        foreach (var pid in BuildProcesses())
        {
            LibC.kill(pid, LibC.SIGKILL);
        }

        _dir.Dispose();
    }

    [Test]
    public async Task ImageFromDefFile_BecomesReadyWithTheArtifactsSha256_AndAnAgentNamingItRunsFromThatArtifact()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        _dir.Write("agents/base.def", "Bootstrap: docker\nFrom: ubuntu:24.04\n%files\n    tool.sh /opt/tool.sh\n%post\n    echo built\n");
        _dir.Write("agents/tool.sh", "echo tool\n");
        _dir.Write("agents/base.yaml", Image("base.def"));
        _dir.Write("agents/worker.yaml", """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: worker
            spec:
              runtime: apptainer
              image: base
              command: ["sleep", "600"]
            """);
        StartOperator();

        var image = await WaitForImageAsync(s => s?["phase"]?.GetValue<string>() == "Ready", "Ready");
        var agent = await _cli.WaitForAgentAsync("worker", a => a["status"]?["phase"]?.GetValue<string>() == "Running", "Running");
        var table = await _cli.RunAsync("get", "images");
        var log = await _cli.RunAsync("logs", "image", "base");

        var version = image["versions"]!.AsArray().Should().ContainSingle().Subject!;
        var path = version["path"]!.GetValue<string>();
        path.Should().Be(Path.Combine(_cli.Home, "images", "base", "v1", "base.sif"));
        version["sha256"]!.GetValue<string>().Should().Be("sha256:" + Sha256Sum(path), "the recorded digest is the artifact's on disk");
        image["activeVersion"]!.GetValue<string>().Should().Be("v1");
        File.ReadAllText(_dir.Combine("standin", "instances", "sac-worker", "image")).Trim().Should().Be(path, "the agent's instance runs the active artifact");
        agent["status"]!["pid"].Should().NotBeNull();
        table.Stdout.Should().MatchRegex(@"base\s+Ready\s+v1\s+1\s");
        log.Stdout.Should().Contain("INFO:    Build complete:").And.Contain("sacop: built v1");
    }

    [Test]
    public async Task OperatorKilledMidBuild_NextOperatorKillsTheLeftoverBuild_AndPublishesOnlyAVerifiedVersion()
    {
        _dir.Write("agents/base.def", "Bootstrap: docker\nFrom: ubuntu:24.04\n# standin-build: hang\n");
        _dir.Write("agents/base.yaml", Image("base.def"));
        StartOperator();
        await WaitForImageAsync(s => s?["stage"]?.GetValue<string>()?.Contains("Creating SIF file") == true, "the build to be writing its SIF");
        var staging = Path.Combine(_cli.Home, "images", "base", ".staging-v1");
        var halfWritten = Path.Combine(staging, "base.sif");
        var hung = BuildProcesses().Should().NotBeEmpty("the stand-in build hangs after writing part of the SIF").And.Subject.ToList();

        _operator!.Kill();
        await _operator.WaitForExitAsync().WithTimeout();
        var survivedTheOperator = hung.Where(IsAlive).ToList();
        var leftBehind = File.Exists(halfWritten);
        _dir.Write("agents/base.def", "Bootstrap: docker\nFrom: ubuntu:24.04\n");
        StartOperator();
        var image = await WaitForImageAsync(s => s?["phase"]?.GetValue<string>() == "Ready", "Ready after the restart");

        survivedTheOperator.Should().NotBeEmpty("a build runs in its own session and outlives a killed operator");
        leftBehind.Should().BeTrue();
        hung.Where(IsAlive).Should().BeEmpty("the next operator kills the cut-short build");
        Directory.Exists(staging).Should().BeFalse();
        Directory.Exists(Path.Combine(_cli.Home, "images", "base", "v1")).Should().BeFalse("v1 was never completed");
        var version = image["versions"]!.AsArray().Should().ContainSingle().Subject!;
        version["version"]!.GetValue<string>().Should().Be("v2");
        version["sha256"]!.GetValue<string>().Should().Be("sha256:" + Sha256Sum(version["path"]!.GetValue<string>()));
    }

    [Test]
    public async Task ImageCli_BuildThenRollbackThenSnapshot_SwitchesThroughTheSpecFileAndRecordsTheActiveVersion()
    {
        _dir.Write("agents/base.def", "Bootstrap: docker\nFrom: ubuntu:24.04\n");
        var spec = _dir.Write("agents/base.yaml", Image("base.def"));
        StartOperator();
        await WaitForImageAsync(s => s?["activeVersion"]?.GetValue<string>() == "v1", "v1 active");

        var build = await _cli.RunAsync("image", "build", "base");
        await WaitForImageAsync(s => s?["activeVersion"]?.GetValue<string>() == "v2", "v2 active after sacop image build");
        var rollback = await _cli.RunAsync("image", "rollback", "base");
        var rolledBack = await WaitForImageAsync(s => s?["activeVersion"]?.GetValue<string>() == "v1", "v1 active after the rollback");
        var snapshot = await _cli.RunAsync("image", "snapshot", "base");
        var again = await _cli.RunAsync("image", "rollback", "base");

        build.ExitCode.Should().Be(0, build.ToString());
        rollback.ExitCode.Should().Be(0, rollback.ToString());
        rollback.Stdout.Should().Contain("rolled back to v1 (was v2");
        File.ReadAllText(spec).Should().Contain("  version: v1\n", "the rollback is an edit of the spec file");
        rolledBack["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()).Should().Equal("v1", "v2");
        snapshot.ExitCode.Should().Be(0, snapshot.ToString());
        var record = JsonNode.Parse(snapshot.Stdout)!;
        record["version"]!.GetValue<string>().Should().Be("v1");
        record["verified"]!.GetValue<bool>().Should().BeTrue();
        record["sha256"]!.GetValue<string>().Should().Be("sha256:" + Sha256Sum(record["path"]!.GetValue<string>()));
        record["apptainerVersion"]!.GetValue<string>().Should().Be("apptainer version 1.3.6-standin");
        record["sourceDigest"]!.GetValue<string>().Should().StartWith("sha256:");
        again.ExitCode.Should().Be(1);
        again.Stderr.Should().Contain("no version before v1");
    }

    private static string Image(string def) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Image
        metadata:
          name: base
        spec:
          source:
            defFile: {def}
        """;

    private async Task<JsonObject> WaitForImageAsync(Func<JsonObject?, bool> condition, string what)
    {
        JsonObject? last = null;
        return await Eventually.Until(async () =>
        {
            var result = await _cli.RunAsync("get", "images", "base", "-o", "json");
            var node = result.ExitCode == 0 ? JsonNode.Parse(result.Stdout) as JsonObject : null;
            var item = node?["items"] is JsonArray items ? items.FirstOrDefault() as JsonObject : node;
            last = item?["status"] as JsonObject ?? last;
            return item?["status"] as JsonObject;
        }, s => condition(s), $"image base: {what} (last status: {last?.ToJsonString()})", TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException();
    }

    private void StartOperator() => _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));

    private void StopOperator()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(10_000);
        }
    }

    /// <summary>Stand-in build processes working in this test's image directory.</summary>
    private List<int> BuildProcesses()
    {
        var needle = Encoding.UTF8.GetBytes(Path.Combine(_cli.Home, "images", "base", ".staging-"));
        var result = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && TryRead(Path.Combine(directory, "cmdline")) is { } line
                && line.AsSpan().IndexOf(needle) >= 0 && IsAlive(pid))
            {
                result.Add(pid);
            }
        }

        return result;
    }

    private static bool IsAlive(int pid) => ProcStat.Read(pid) is { IsZombie: false };

    private static byte[]? TryRead(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Sha256Sum(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("sha256sum", [path]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split(' ')[0];
    }
}
