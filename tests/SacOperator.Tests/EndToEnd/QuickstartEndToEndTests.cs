using System.Diagnostics;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The README's quickstart as a new user meets it: the shipped examples/agents under the built
/// <c>sacop</c>. The local examples must run as the README says (their scripts are part of the repo).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class QuickstartEndToEndTests : IDisposable
{
    private readonly TempDirectory _dir = new("quickstart");
    private readonly SacopCli _cli;
    private Process? _operator;

    public QuickstartEndToEndTests() => _cli = new SacopCli(_dir.Combine("home"));

    public void Dispose()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(10_000);
        }

        HomeProcesses.KillAll(_cli.Home);
        _dir.Dispose();
    }

    [Test]
    public async Task Examples_AsShipped_HeartbeatAgentRunsAndCrashingAgentReportsItsExitAndStderr()
    {
        var agents = _dir.Combine("agents");
        CopyTree(Path.Combine(Repo.Examples, "agents"), agents);
        _operator = _cli.StartOperator(agents, _dir.Combine("operator.log"));

        var heartbeat = await _cli.WaitForAgentAsync("heartbeat-local", a => Phase(a) == "Running", "Running", TimeSpan.FromSeconds(60));
        var crashing = await _cli.WaitForAgentAsync("crashing-agent", a => Message(a).Contains("exit code 3", StringComparison.Ordinal), "its first crash reported");

        Phase(heartbeat).Should().Be("Running");
        File.Exists(Path.Combine(_cli.Home, "runtime", "heartbeat-local", "heartbeat.json")).Should().BeTrue();
        Message(crashing).Should().Contain("lost connection to the model endpoint");
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static string Message(JsonObject agent) => agent["status"]?["message"]?.GetValue<string>() ?? "";
}
