using System.Diagnostics;
using SacOperator.Processes;

namespace SacOperator.RemoteNodes;

/// <summary>
/// Runs one ssh command with text on its stdin (the channel's stdin: where launches and stdin
/// turns travel, never on a command line) and a deadline; a command that outlives it is killed.
/// </summary>
public sealed class ChannelRunner
{
    /// <exception cref="CommandTimeoutException">No exit within <paramref name="timeout"/>.</exception>
    /// <exception cref="SpawnException">The program could not be started.</exception>
    public async Task<CommandResult> RunAsync(IReadOnlyList<string> arguments, string? input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(arguments[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SpawnException($"cannot run '{arguments[0]}': {e.Message}");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            try
            {
                if (input is not null)
                {
                    await process.StandardInput.WriteAsync(input.AsMemory(), deadline.Token).ConfigureAwait(false);
                }

                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The far side closed early (it failed before reading): its exit status says why.
            }

            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new CommandTimeoutException(string.Join(' ', arguments.Take(3)), timeout);
        }

        return new CommandResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), Stopwatch.GetElapsedTime(started));
    }
}
