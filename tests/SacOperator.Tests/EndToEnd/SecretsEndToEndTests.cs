using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// Secrets at rest and in output, with the built <c>sacop</c>: the operator home and everything an
/// agent leaves in it is owner-only (another local user cannot read it), the state DB never holds
/// an environment secret, and no output surface (get, describe, events, /api/v1) prints one,
/// including values the agent gets from a file (<c>valueFrom</c>).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class SecretsEndToEndTests : IDisposable
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _dir = new("secrets");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private readonly string _marker = "7" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    private readonly string _secret = "sk-ant-api03-" + Guid.NewGuid().ToString("N");
    private readonly string _innocentNamedSecret = "xoxb-" + Guid.NewGuid().ToString("N");
    private readonly string _fileSecret = "ghp_" + Guid.NewGuid().ToString("N");
    private Process? _operator;

    public SecretsEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
    }

    private string RuntimeDir(string name) => Path.Combine(_cli.Home, "runtime", name);

    private string StateDb => Path.Combine(_cli.Home, "state.db");

    public void Dispose()
    {
        OperatorTeardown.Run(_operator, _cli.Home, _dir.Combine("operator.log"));

        _dir.Dispose();
    }

    [Test]
    public async Task RunningAgent_HomeRuntimeDirectoryAndAgentFiles_AreOwnerOnly()
    {
        StartOperator();
        WriteAgent("talker", $"""["sh", "-c", "echo hello; echo oops >&2; exec sleep {_marker}"]""");
        await RunningWithOutputAsync("talker");

        foreach (var dir in new[] { _cli.Home, Path.Combine(_cli.Home, "runtime"), RuntimeDir("talker"), Path.Combine(RuntimeDir("talker"), "work") })
        {
            File.GetUnixFileMode(dir).Should().Be(OwnerOnlyDirectory, dir);
        }

        foreach (var file in AgentAndStateFiles("talker"))
        {
            File.GetUnixFileMode(file).Should().Be(OwnerOnlyFile, file);
        }
    }

    [Test]
    public async Task RunningAgent_ItsOutputAndTheStateDb_CannotBeReadByAnotherUser()
    {
        await RequireAnotherUserAsync();
        File.SetUnixFileMode(_dir.Path, OwnerOnlyDirectory | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var control = _dir.Write("control.txt", "anyone may read this");
        File.SetUnixFileMode(control, OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        StartOperator();
        WriteAgent("talker", $"""["sh", "-c", "echo hello; echo oops >&2; exec sleep {_marker}"]""");
        await RunningWithOutputAsync("talker");

        var readable = await AsNobodyAsync("cat", control);

        readable.ExitCode.Should().Be(0, $"nobody reaches the test directory, so a refusal below is the operator's doing: {readable}");
        foreach (var file in AgentAndStateFiles("talker"))
        {
            var result = await AsNobodyAsync("cat", file);
            result.ExitCode.Should().NotBe(0, $"{file} must not be readable by another user");
            result.Stdout.Should().BeEmpty();
        }
    }

    [Test]
    public async Task AgentWithASecretInItsEnv_StateDbFiles_HoldNoSecretValue()
    {
        StartOperator();
        WriteAgent("keyed", $"""["sleep", "{_marker}"]""", Env(_secret));
        await _cli.WaitForAgentAsync("keyed", a => Phase(a) == "Running", "Running");

        var stored = string.Concat(new[] { StateDb, StateDb + "-wal", StateDb + "-shm" }.Where(File.Exists).Select(ReadShared));

        stored.Contains("ANTHROPIC_API_KEY", StringComparison.Ordinal).Should().BeTrue("the agent's spec is in these files");
        stored.Contains(_secret, StringComparison.Ordinal).Should().BeFalse("state.db and its WAL must not hold the ANTHROPIC_API_KEY value");
        stored.Contains(_innocentNamedSecret, StringComparison.Ordinal).Should().BeFalse("state.db and its WAL must not hold a token-shaped value");
    }

    [Test]
    public async Task InlineSecrets_EveryOutputSurface_ShowsThemMasked()
    {
        StartOperator();
        WriteAgent("keyed", """["sh", "-c", "echo \"login failed with $ANTHROPIC_API_KEY and $UPSTREAM\" >&2; exit 1"]""", Env(_secret), restart: "never");
        await _cli.WaitForAgentAsync("keyed", a => Phase(a) == "Failed", "Failed");

        var outputs = await OutputsAsync("keyed");

        foreach (var (surface, text) in outputs)
        {
            text.Should().NotContain(_secret, surface).And.NotContain(_innocentNamedSecret, surface);
        }

        var keyed = (await _cli.AgentsAsync())["keyed"];
        keyed["spec"]!["env"]!.ToJsonString().Should().Be("""{"ANTHROPIC_API_KEY":"***","TZ":"UTC","UPSTREAM":"***"}""");
        keyed["status"]!["message"]!.GetValue<string>().Should().Contain("login failed with [REDACTED] and [REDACTED]", "the stderr tail is redacted too");
        outputs["describe agent keyed"].Should().Contain("TZ: UTC");
    }

    [Test]
    public async Task EnvValueFromFile_TheAgentGetsTheValue_OutputsShowOnlyThePath()
    {
        _dir.Write("agents/secrets/gh", _fileSecret + "\n");
        StartOperator();
        WriteAgent("filed", $"""["sh", "-c", "env > \"$SAC_STATE_DIR/env.txt\"; exec sleep {_marker}"]""", """
              env:
                TZ: UTC
                GH_TOKEN:
                  valueFrom:
                    file: secrets/gh
            """);
        await _cli.WaitForAgentAsync("filed", a => Phase(a) == "Running", "Running");
        var envFile = Path.Combine(RuntimeDir("filed"), "env.txt");
        await Eventually.Until(() => File.Exists(envFile) && File.ReadAllText(envFile).Contains("SAC_AGENT_NAME", StringComparison.Ordinal), "the agent to dump its environment");

        var outputs = await OutputsAsync("filed");

        File.ReadAllText(envFile).Should().Contain($"GH_TOKEN={_fileSecret}\n", "the agent gets the file's content without its trailing newline");
        foreach (var (surface, text) in outputs)
        {
            text.Should().NotContain(_fileSecret, surface);
        }

        (await _cli.AgentsAsync())["filed"]["spec"]!["env"]!.ToJsonString().Should().Be("""{"GH_TOKEN":{"valueFrom":{"file":"secrets/gh"}},"TZ":"UTC"}""");
        outputs["describe agent filed"].Should().Contain("file: secrets/gh");
    }

    [Test]
    public async Task EnvValueFromAMissingFile_StartFails_NamingTheVariableAndThePath()
    {
        StartOperator();
        WriteAgent("nofile", $"""["sleep", "{_marker}"]""", """
              env:
                ANTHROPIC_API_KEY:
                  valueFrom:
                    file: keys/missing
            """);

        var agent = await _cli.WaitForAgentAsync("nofile", a => a["status"]?["reason"]?.GetValue<string>() == "EnvFileUnreadable", "the start to fail");
        var events = await _cli.RunAsync("events", "nofile");

        agent["status"]!["message"]!.GetValue<string>().Should().Contain("spec.env.ANTHROPIC_API_KEY").And.Contain(Path.Combine(_agents, "keys", "missing")).And.Contain("does not exist");
        events.Stdout.Should().Contain("EnvFileUnreadable");
    }

    /// <summary>What every output surface prints about <paramref name="name"/>: CLI verbs (from the state DB and through the API) and <c>/api/v1</c>.</summary>
    private async Task<Dictionary<string, string>> OutputsAsync(string name)
    {
        var outputs = new Dictionary<string, string>();
        string[][] verbs =
        [
            ["get", "agents", "-o", "json"], ["get", "agents", "-o", "yaml"], ["get", "agents", name, "-o", "yaml"], ["get", "agents", "-o", "wide"],
            ["describe", "agent", name], ["events"], ["events", name], ["events", "-o", "json"],
            ["get", "agents", "-o", "json", "--server", ServerUrl()], ["describe", "agent", name, "--server", ServerUrl()],
        ];
        foreach (var args in verbs)
        {
            var result = await _cli.RunAsync(args);
            result.ExitCode.Should().Be(0, result.ToString());
            outputs[string.Join(' ', args)] = result.Stdout + result.Stderr;
        }

        using var http = new HttpProbe(new Uri(ServerUrl()));
        var token = File.ReadAllText(Path.Combine(_cli.Home, "token")).Trim();
        foreach (var path in new[] { "/api/v1/agents", $"/api/v1/agents/{name}", "/api/v1/events", $"/api/v1/events?resource={name}&kind=agents", $"/api/v1/agents/{name}/restarts" })
        {
            var answer = await http.GetAsync(path, token);
            ((int)answer.Status).Should().Be(200, answer.ToString());
            outputs[path] = answer.Text;
        }

        return outputs;
    }

    private string Env(string secret) => $"""
              env:
                ANTHROPIC_API_KEY: {secret}
                UPSTREAM: {_innocentNamedSecret}
                TZ: UTC
            """;

    private void WriteAgent(string name, string command, string env = "", string restart = "always") =>
        File.WriteAllText(Path.Combine(_agents, name + ".yaml"), $"""
            apiVersion: sacoperator.dev/v1alpha1
            kind: Agent
            metadata:
              name: {name}
            spec:
              runtime: local
              command: {command}
              restart:
                policy: {restart}
                backoff:
                  initial: 1s
            {env.TrimEnd()}
            """);

    private void StartOperator() => _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));

    private string ServerUrl()
    {
        var file = Path.Combine(_cli.Home, "server.url");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : throw new InvalidOperationException($"{file} is missing: the operator has not published its URL");
    }

    private async Task RunningWithOutputAsync(string name)
    {
        await _cli.WaitForAgentAsync(name, a => Phase(a) == "Running", "Running");
        var stderr = Path.Combine(RuntimeDir(name), "stderr.log");
        await Eventually.Until(() => File.Exists(stderr) && File.ReadAllText(stderr).Contains("oops", StringComparison.Ordinal), "the agent's stderr");
    }

    /// <summary>The files that hold the agent's output and state, and the operator's state DB and token.</summary>
    private IEnumerable<string> AgentAndStateFiles(string name)
    {
        foreach (var file in new[] { "session.jsonl", "stderr.log", "stdin", "pid", "instance.json" })
        {
            yield return Path.Combine(RuntimeDir(name), file);
        }

        yield return StateDb;
        yield return StateDb + "-wal";
        yield return StateDb + "-shm";
        yield return Path.Combine(_cli.Home, "token");
    }

    /// <summary>Ignores the test unless commands can be run as the unprivileged user <c>nobody</c>.</summary>
    private static async Task RequireAnotherUserAsync()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Assert.Ignore("running a command as another user (runuser -u nobody) needs root; run the tests as root (.ci/run does) to check what other users can read");
        }

        Tools.Require("runuser", "util-linux (runuser)");
        var probe = await AsNobodyAsync("true");
        if (probe.ExitCode != 0)
        {
            Assert.Ignore($"cannot run commands as the user nobody here: {probe}");
        }
    }

    private static async Task<SacopCli.Result> AsNobodyAsync(params string[] command)
    {
        var info = new ProcessStartInfo("runuser") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] argv = ["-u", "nobody", "--", .. command];
        foreach (var arg in argv)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WithTimeout();
        return new SacopCli.Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A file SQLite holds open, read without disturbing it.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return Encoding.Latin1.GetString(copy.ToArray());
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";
}
