using System.CommandLine;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Operator.Transcript;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop logs NAME...</c>, also spelt as sac's <c>tail</c> (<c>sacop tail NAME... -n LINES
/// [--json]</c>): the agent's session.jsonl (or stderr.log) across rotated generations. Lines are
/// printed as the agent wrote them (JSON), so sac's <c>--json</c> is accepted and changes nothing.
/// Several names print one after another under a <c>==&gt; NAME &lt;==</c> header, as tail(1) does;
/// following takes one name. <c>-n</c> is the namespace under <c>logs</c> (kubectl's spelling) and
/// the line count under <c>tail</c> (sac's and tail(1)'s), where the namespace is <c>--namespace</c>.
/// <c>logs</c> renders stream-json events for people, one line each (<c>-o json</c>: the raw lines);
/// lines that are not stream-json (a <c>command</c> agent's output) print as written. <c>tail</c>
/// keeps sac's raw lines. <c>sacop logs image NAME [-f]</c> prints an Image's newest build log.
/// </summary>
public static class LogsCommand
{
    /// <param name="verb"><c>logs</c> or <c>tail</c>.</param>
    public static Command Create(string verb)
    {
        var sac = verb == "tail";
        var home = CommonOptions.Home();
        var ns = sac ? new Option<string?>("--namespace") { Description = CommonOptions.Namespace().Description } : CommonOptions.Namespace();
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.OneOrMore };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output (one agent)" };
        var stderr = new Option<bool>("--stderr") { Description = "Show stderr.log instead of the session (stdout)" };
        var tail = new Option<int>("--tail", sac ? ["-n", "--lines"] : ["--lines"]) { Description = "Lines from the end to show first (-1: all retained output, rotated generations included)", DefaultValueFactory = _ => -1 };
        var json = new Option<bool>("--json") { Description = "Accepted for sac's tail: the output already is session.jsonl's JSON lines" };
        var output = CommonOptions.Output("json");
        var command = new Command(verb, sac
            ? "sac's tail: as logs, with -n LINES (the namespace is --namespace)"
            : "Print agents' output (session.jsonl, or stderr.log with --stderr), rotated generations first")
        {
            names, home, ns, follow, stderr, tail, json,
        };
        if (!sac)
        {
            command.Add(output);
        }

        command.SetAction(async (result, cancellationToken) =>
        {
            var homeDir = CommonOptions.FullHome(result.GetValue(home)!);
            var agents = result.GetValue(names)!;
            if (!sac && agents is ["image", var image])
            {
                return await ImageLogs.PrintAsync(homeDir, image, result.GetValue(follow), cancellationToken).ConfigureAwait(false);
            }
            if (result.GetValue(follow) && agents.Length > 1)
            {
                throw new CliError("--follow takes one agent", ExitCodes.Usage);
            }

            await using var stdout = Console.OpenStandardOutput();
            var raw = sac || result.GetValue(stderr) || result.GetValue(output) == "json";
            for (var i = 0; i < agents.Length; i++)
            {
                var paths = AgentPaths.For(homeDir, LogsKey(homeDir, agents[i], result.GetValue(ns)));
                var file = result.GetValue(stderr) ? paths.Stderr : paths.Session;
                if (!File.Exists(file))
                {
                    throw new CliError($"no output yet for agent '{agents[i]}' ({file} does not exist)");
                }

                if (agents.Length > 1)
                {
                    stdout.Write(System.Text.Encoding.UTF8.GetBytes($"{(i == 0 ? "" : "\n")}==> {agents[i]} <==\n"));
                }

                using var reader = LogReader.Open(file);
                using var rendering = raw ? null : new RenderingStream(stdout);
                var sink = (Stream?)rendering ?? stdout;
                var lines = result.GetValue(tail);
                var offset = reader.CopyTo(lines >= 0 ? reader.TailStart(lines) : (0, 0), sink);
                if (result.GetValue(follow))
                {
                    sink.Flush();
                    await FollowAsync(reader, offset, sink, cancellationToken).ConfigureAwait(false);
                }

                rendering?.Complete();
                sink.Flush();
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task FollowAsync(LogReader reader, long offset, Stream output, CancellationToken cancellationToken)
    {
        using var follower = reader.Follow(offset);
        while (!cancellationToken.IsCancellationRequested)
        {
            if (follower.Poll(output) > 0)
            {
                output.Flush();
                continue;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>Logs live in the runtime directory: <c>runtime/NAME</c>, or <c>runtime/NAMESPACE/NAME</c> in Kubernetes mode.</summary>
    private static ResourceKey LogsKey(string home, string name, string? @namespace)
    {
        if (@namespace is not null || Directory.Exists(Path.Combine(home, "runtime", name, "home")) || File.Exists(Path.Combine(home, "runtime", name, "session.jsonl")))
        {
            return ResourceKey.Agent(name, @namespace ?? "");
        }

        var runtime = Path.Combine(home, "runtime");
        var namespaces = Directory.Exists(runtime)
            ? Directory.EnumerateDirectories(runtime).Where(d => Directory.Exists(Path.Combine(d, name))).Select(Path.GetFileName).ToList()
            : [];
        return namespaces.Count switch
        {
            1 => ResourceKey.Agent(name, namespaces[0]!),
            > 1 => throw new CliError($"agent '{name}' exists in namespaces {string.Join(", ", namespaces)}; pass --namespace", ExitCodes.Usage),
            _ => ResourceKey.Agent(name),
        };
    }
}
