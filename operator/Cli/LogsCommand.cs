using System.CommandLine;
using SacOperator.Model;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

public static class LogsCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var name = new Argument<string>("name");
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new output" };
        var stderr = new Option<bool>("--stderr") { Description = "Show stderr.log instead of the session (stdout)" };
        var tail = new Option<int>("--tail") { Description = "Lines from the end to show first (-1: all)", DefaultValueFactory = _ => -1 };
        var command = new Command("logs", "Print an agent's output (session.jsonl, or stderr.log with --stderr)") { name, home, follow, stderr, tail };
        command.SetAction(async (result, cancellationToken) =>
        {
            var paths = AgentPaths.For(CommonOptions.FullHome(result.GetValue(home)!), ResourceKey.Agent(result.GetValue(name)!));
            var file = result.GetValue(stderr) ? paths.Stderr : paths.Session;
            if (!File.Exists(file))
            {
                throw new CliError($"no output yet for agent '{result.GetValue(name)}' ({file} does not exist)");
            }

            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var lines = result.GetValue(tail);
            if (lines >= 0)
            {
                var all = (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Split('\n');
                var last = all.Length > 0 && all[^1].Length == 0 ? all[..^1] : all;
                foreach (var line in last.TakeLast(lines))
                {
                    Console.WriteLine(line);
                }
            }
            else
            {
                await Console.Out.WriteAsync(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            }

            while (result.GetValue(follow) && !cancellationToken.IsCancellationRequested)
            {
                var chunk = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.Length > 0)
                {
                    await Console.Out.WriteAsync(chunk).ConfigureAwait(false);
                    await Console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
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
}
