using System.Diagnostics;
using System.Text.Json.Nodes;

namespace SacOperator.Tests.TestSupport;

/// <summary>Runs the built <c>sacop</c> binary, as a user would.</summary>
public sealed class SacopCli(string home, IReadOnlyDictionary<string, string>? environment = null)
{
    public string Home { get; } = home;

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}; stdout: {Stdout}; stderr: {Stderr}";
    }

    public async Task<Result> RunAsync(params string[] args)
    {
        using var process = new Process { StartInfo = Start(args, withHome: args.Length > 0 && args[0] is not ("validate" or "convert" or "version" or "--help")) };
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WithTimeout();
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>All agents as <c>sacop get agents -o json</c> prints them, by name.</summary>
    public async Task<Dictionary<string, JsonObject>> AgentsAsync()
    {
        var result = await RunAsync("get", "agents", "-o", "json");
        if (result.ExitCode != 0)
        {
            return [];
        }

        var list = JsonNode.Parse(result.Stdout)!.AsObject();
        return list["items"]!.AsArray().Select(i => i!.AsObject()).ToDictionary(i => i["metadata"]!["name"]!.GetValue<string>());
    }

    public async Task<JsonObject> WaitForAgentAsync(string name, Func<JsonObject, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TaskTimeouts.Operator);
        JsonObject? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if ((await AgentsAsync()).TryGetValue(name, out var agent))
            {
                last = agent;
                if (condition(agent))
                {
                    return agent;
                }
            }
        }

        throw new TimeoutException($"agent {name}: timed out waiting for {what}; last seen: {last?["status"]?.ToJsonString()}");
    }

    public Process StartOperator(string agentsDir, string logFile, params string[] extra) =>
        StartOperatorSplit(agentsDir, logFile, logFile, extra);

    /// <summary>Starts <c>sacop run</c> with its stdout (the log) and stderr (banner, errors) in separate files.</summary>
    /// <param name="agentsDir">Null runs without <c>--agents-dir</c> (the default directories).</param>
    public Process StartOperatorSplit(string? agentsDir, string stdoutFile, string stderrFile, params string[] extra)
    {
        // A free loopback port unless the test chooses: parallel operators must not compete for the default 7979.
        string[] listen = extra.Contains("--listen") ? [] : ["--listen", "127.0.0.1:0"];
        string[] dirs = agentsDir is null ? [] : ["--agents-dir", agentsDir];
        var info = Start(["run", .. dirs, "--debounce", "5ms", "--rescan-period", "30s", .. listen, .. extra], withHome: true);
        info.RedirectStandardOutput = false;
        info.RedirectStandardError = false;
        var shell = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add("exec \"$0\" \"$@\" >>\"$SACOP_TEST_LOG\" 2>>\"$SACOP_TEST_ERR\"");
        shell.ArgumentList.Add(info.FileName);
        foreach (var arg in info.ArgumentList)
        {
            shell.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in info.Environment)
        {
            shell.Environment[key] = value;
        }

        shell.Environment["SACOP_TEST_LOG"] = stdoutFile;
        shell.Environment["SACOP_TEST_ERR"] = stderrFile;
        return Process.Start(shell)!;
    }

    private ProcessStartInfo Start(IReadOnlyList<string> args, bool withHome) =>
        Repo.SacopStartInfo(withHome ? [.. args, "--home", Home] : args, environment);
}
