using System.CommandLine;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

public static class LogsCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var name = new Argument<string>("name");
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output" };
        var stderr = new Option<bool>("--stderr") { Description = "Show stderr.log instead of the session (stdout)" };
        var tail = new Option<int>("--tail") { Description = "Lines from the end to show first (-1: all retained output, rotated generations included)", DefaultValueFactory = _ => -1 };
        var command = new Command("logs", "Print an agent's output (session.jsonl, or stderr.log with --stderr), rotated generations first") { name, home, ns, follow, stderr, tail };
        command.SetAction(async (result, cancellationToken) =>
        {
            var homeDir = CommonOptions.FullHome(result.GetValue(home)!);
            var paths = AgentPaths.For(homeDir, LogsKey(homeDir, result.GetValue(name)!, result.GetValue(ns)));
            var file = result.GetValue(stderr) ? paths.Stderr : paths.Session;
            if (!File.Exists(file))
            {
                throw new CliError($"no output yet for agent '{result.GetValue(name)}' ({file} does not exist)");
            }

            using var reader = LogReader.Open(file);
            await using var output = Console.OpenStandardOutput();
            var lines = result.GetValue(tail);
            var offset = reader.CopyTo(lines >= 0 ? reader.TailStart(lines) : (0, 0), output);
            output.Flush();
            if (!result.GetValue(follow))
            {
                return ExitCodes.Ok;
            }

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

            return ExitCodes.Ok;
        });
        return command;
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
