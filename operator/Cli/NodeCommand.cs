using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SacOperator.Logs;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.RemoteNodes;
using SacOperator.Runtime;
using SacOperator.Serialization;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop node &lt;verb&gt; --home H</c> (hidden): the remote side of an ssh node (decision 0025),
/// run over ssh by an operator on another machine. Answers are JSON on stdout; launches, exec
/// requests and stdin text arrive on stdin, never on the command line. Exit 0 done, 1 failed (the
/// message on stderr; for a start, it may have spawned), 3 start refused (the reason as JSON on
/// stdout: the runtime's own start failure, as a local start would raise it).
/// </summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var command = new Command("node", "The remote side of an ssh Host's node (run by the operator over ssh)") { Hidden = true };
        command.Subcommands.Add(Verb("start", "Start an agent from the launch on stdin; print its pid and start ticks", [], async (verbs, _, ct) =>
        {
            var launch = Read<RemoteLaunch>(await Console.In.ReadToEndAsync(ct).ConfigureAwait(false));
            if (launch.LaunchId.Length == 0)
            {
                throw new CliError("a start needs the launch id recorded by the operator", ExitCodes.Usage);
            }

            // Held until the answer is out: the operator's ssh client may be gone by then (its
            // deadline, a kill), and its next observe must see this start as still running.
            using var starting = verbs.HoldStart(launch.LaunchId);
            try
            {
                Console.WriteLine(ModelJson.Serialize(await verbs.StartAsync(launch, ct).ConfigureAwait(false)));
                return ExitCodes.Ok;
            }
            catch (AgentStartException e)
            {
                Console.WriteLine(ModelJson.Serialize(new RemoteStartFailure(e.Reason, e.Message)));
                return NodeExitCodes.StartRefused;
            }
        }));
        command.Subcommands.Add(Verb("observe", "Print every marked process of the home, the agents' heartbeats, and which runs named on stdin live", [], async (verbs, _, ct) =>
        {
            var watched = await Console.In.ReadToEndAsync(ct).ConfigureAwait(false);
            var runs = watched.Trim().Length == 0 ? [] : Read<List<RemoteLiveness>>(watched);
            return await Print(ModelJson.Serialize(verbs.Observe(runs))).ConfigureAwait(false);
        }));

        var pid = new Option<int>("--pid") { Required = true };
        var ticks = new Option<long>("--ticks") { Required = true };
        var signal = new Option<int>("--signal") { Required = true };
        var group = new Option<bool>("--group") { Description = "Signal the process group the process leads" };
        command.Subcommands.Add(Verb("signal", "Signal a process if (pid, start ticks) still names it; print true or false", [pid, ticks, signal, group], (_, r, _) =>
            Print(NodeVerbs.Signal(r.GetValue(pid), r.GetValue(ticks), r.GetValue(signal), r.GetValue(group)) ? "true" : "false")));

        var agent = new Option<string>("--agent") { Required = true };
        command.Subcommands.Add(Verb("stdin", "Write the text on stdin to the agent's stdin; print true or false", [agent], async (verbs, r, ct) =>
            await Print(verbs.WriteStdin(r.GetValue(agent)!, await Console.In.ReadToEndAsync(ct).ConfigureAwait(false)) ? "true" : "false").ConfigureAwait(false)));
        command.Subcommands.Add(Verb("mentions", "Print true when the agent's output ever carried the text on stdin (a session id), else false", [agent], async (verbs, r, ct) =>
            await Print(verbs.OutputMentions(r.GetValue(agent)!, await Console.In.ReadToEndAsync(ct).ConfigureAwait(false)) ? "true" : "false").ConfigureAwait(false)));
        command.Subcommands.Add(Verb("begin-run", "Rotate the agent's logs; print where this run's stderr starts", [agent], (verbs, r, _) =>
            Print(verbs.BeginRun(r.GetValue(agent)!).ToString(CultureInfo.InvariantCulture))));

        var file = new Option<string>("--file") { Required = true, Description = "A path relative to the home" };
        var from = new Option<long>("--from");
        command.Subcommands.Add(Verb("tail", "Print the last lines of a log under the home", [file, from], (verbs, r, _) =>
        {
            Console.Write(verbs.Tail(r.GetValue(file)!, r.GetValue(from)) ?? "");
            return Task.FromResult(ExitCodes.Ok);
        }));

        var runtime = new Option<string>("--runtime") { Required = true };
        var instance = new Option<string>("--instance") { Required = true };
        command.Subcommands.Add(Verb("cleanup", "Release what outlives an agent process (its instance)", [runtime, instance], async (verbs, r, ct) =>
        {
            await verbs.CleanupAsync(r.GetValue(runtime)!, r.GetValue(instance)!, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        command.Subcommands.Add(Verb("exec", "Run the command on stdin in an agent's environment; print its result", [], async (verbs, _, ct) =>
        {
            var exec = Read<RemoteExec>(await Console.In.ReadToEndAsync(ct).ConfigureAwait(false));
            var result = await verbs.ExecAsync(exec.Launch, exec.Command, exec.Timeout, ct).ConfigureAwait(false);
            Console.WriteLine(ModelJson.Serialize(result));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verb(string name, string description, Option[] options, Func<NodeVerbs, ParseResult, CancellationToken, Task<int>> run)
    {
        var home = new Option<string>("--home") { Required = true, Description = "The operator home on this machine (~/ is the user's home)" };
        var verb = new Command(name, description) { home };
        foreach (var option in options)
        {
            verb.Options.Add(option);
        }

        verb.SetAction(async (result, ct) =>
        {
            try
            {
                return await run(Open(result.GetValue(home)!), result, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or JsonException)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return NodeExitCodes.Failed;
            }
        });
        return verb;
    }

    /// <summary>This machine's runtimes and log rotation, for the home the operator named.</summary>
    private static NodeVerbs Open(string home)
    {
        var full = NodeVerbs.ExpandHome(home, Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));
        var environment = AgentEnvironment.Current();
        var runner = new ProcessRunner();
        var runtimes = new RuntimeRegistry(
        [
            new LocalRuntime(environment, runner, TimeProvider.System),
            new ApptainerRuntime(new ApptainerOptions(), environment, runner, full, TimeProvider.System),
        ]);
        return new NodeVerbs(full, runtimes, new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance));
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, ModelJson.Options) ?? throw new JsonException("nothing on stdin");

    private static Task<int> Print(string text)
    {
        Console.WriteLine(text);
        return Task.FromResult(ExitCodes.Ok);
    }
}
