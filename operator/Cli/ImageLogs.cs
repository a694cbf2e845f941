using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

/// <summary>
/// Prints an image's newest build log (<c>logs/vN.log</c>); following stops when that build has
/// ended (its result file exists), or when interrupted.
/// </summary>
public static class ImageLogs
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    public static async Task<int> PrintAsync(string home, string name, bool follow, CancellationToken cancellationToken)
    {
        var layout = ImageLayout.For(home, name);
        var log = Directory.Exists(layout.Logs)
            ? Directory.EnumerateFiles(layout.Logs, "*.log").MaxBy(f => ImageLayout.NumberOf(Path.GetFileNameWithoutExtension(f)))
            : null;
        if (log is null)
        {
            throw new CliError($"image '{name}' has no build log on this host ({layout.Logs})");
        }

        var version = Path.GetFileNameWithoutExtension(log);
        await using var stdout = Console.OpenStandardOutput();
        await using var reader = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        await reader.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
        while (follow && !cancellationToken.IsCancellationRequested)
        {
            var ended = File.Exists(layout.ResultOf(version));
            await reader.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (ended)
            {
                break;
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }
}
