using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>The built <c>sacop run</c> rotating the output of an agent that writes a lot, without restarting it.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class LogRotationEndToEndTests : IDisposable
{
    private const int Lines = 30_000;

    private readonly TempDirectory _dir = new("e2e-logs");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private Process? _operator;

    public LogRotationEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    public void Dispose()
    {
        OperatorTeardown.Run(_operator, _cli.Home, _dir.Combine("operator.log"));

        _dir.Dispose();
    }

    [Test]
    public async Task Run_AgentWritingMoreThanLogMaxSize_HasItsSessionRotatedWhileItKeepsRunning()
    {
        _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"),
            "--log-max-size", "64Ki", "--log-max-files", "2", "--log-check-period", "200ms");
        var script = _dir.Write("writer.sh", $$"""
            i=0
            while [ $i -lt {{Lines}} ]; do echo "{\"n\":$i}"; i=$((i+1)); done
            exec sleep 3600
            """);
        File.WriteAllText(Path.Combine(_agents, "writer.yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: writer
            spec:
              runtime: local
              command: ["sh", "{script}"]
            """);
        var running = await _cli.WaitForAgentAsync("writer", a => Phase(a) == "Running", "Running");
        var session = Path.Combine(_cli.Home, "runtime", "writer", "session.jsonl");
        var last = $"{{\"n\":{Lines - 2}}}\n{{\"n\":{Lines - 1}}}\n";

        // Done writing and rotated down below the limit by the operator's periodic check.
        await Eventually.Until(() => File.Exists(session) && File.ReadAllText(session).EndsWith(last, StringComparison.Ordinal)
            && new FileInfo(session).Length < 64 * 1024 && File.Exists(session + ".1"), "the output written and the session rotated");
        var tail = await _cli.RunAsync("logs", "writer", "--tail", "2");
        var all = await _cli.RunAsync("logs", "writer");
        var after = (await _cli.AgentsAsync())["writer"];

        tail.Stdout.Should().Be(last, tail.ToString());
        File.Exists(session + ".3").Should().BeFalse("--log-max-files 2 keeps two generations");
        var numbers = all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => int.Parse(line[5..^1], CultureInfo.InvariantCulture)).ToList();
        numbers.Should().EndWith(Lines - 1).And.BeInAscendingOrder().And.OnlyHaveUniqueItems();
        (numbers[^1] - numbers[0] + 1).Should().Be(numbers.Count, "the retained output is one unbroken run of lines");
        Pid(after).Should().Be(Pid(running), "rotation does not restart the agent");
        after["status"]!["restartCount"]!.GetValue<int>().Should().Be(0);
    }

    [TestCase("--log-max-size", "1Ki", "--log-max-size: '1Ki'")]
    [TestCase("--log-max-size", "lots", "--log-max-size: 'lots'")]
    [TestCase("--log-max-files", "0", "--log-max-files: must be at least 1")]
    [TestCase("--log-check-period", "0s", "--log-check-period: '0s'")]
    public async Task Run_InvalidLogRotationOption_IsAUsageError(string option, string value, string message)
    {
        var result = await _cli.RunAsync("run", "--agents-dir", _agents, "--listen", "none", option, value);

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain(message);
        File.Exists(Path.Combine(_cli.Home, "state.db")).Should().BeFalse("nothing was started");
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;
}
