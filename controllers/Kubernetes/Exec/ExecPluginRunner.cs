using System.ComponentModel;
using System.Diagnostics;
using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Exec;

/// <summary>
/// Runs an exec credential plugin as kubectl does: argv from the kubeconfig (never a shell), its
/// <c>env</c> over ours plus KUBERNETES_EXEC_INFO, standard output read as the ExecCredential,
/// standard error passed through to the operator's, standard input given only when the plugin
/// runs interactively (a terminal, and interactiveMode allows it).
/// </summary>
/// <param name="stdinIsTerminal">Whether the operator's standard input is a terminal.</param>
/// <param name="stderr">Where the plugin's standard error goes; null: straight to the operator's (inherited).</param>
/// <param name="timeout">
/// How long a non-interactive plugin may run (default <see cref="DefaultTimeout"/>). kubectl sets
/// none, but it serves one command; a plugin that hangs here would hold every request of a
/// long-running operator. An interactive plugin waits for a person and has no limit.
/// </param>
public sealed class ExecPluginRunner(bool stdinIsTerminal, Stream? stderr = null, TimeSpan? timeout = null)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    private const int NotFound = 2;

    /// <summary>The runner for this process's own terminal and standard error.</summary>
    public static ExecPluginRunner ForProcess() => new(!Console.IsInputRedirected);

    /// <exception cref="ExecCredentialException">The plugin could not run, failed, or printed no usable credential.</exception>
    public async Task<ExecCredential> RunAsync(ExecPlugin plugin, CancellationToken cancellationToken)
    {
        var interactive = plugin.InteractiveMode switch
        {
            ExecInteractiveMode.Never => false,
            ExecInteractiveMode.Always when !stdinIsTerminal => throw new ExecCredentialException(
                $"{plugin} ({plugin.File}) has interactiveMode Always, but standard input is not a terminal; run sacop from a terminal or use a non-interactive login for user '{plugin.User}'"),
            _ => stdinIsTerminal,
        };

        var start = new ProcessStartInfo(plugin.Command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardInput = !interactive,
            RedirectStandardError = stderr is not null,
        };
        foreach (var arg in plugin.Args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in plugin.Env)
        {
            start.Environment[name] = value;
        }

        start.Environment[ExecCredentialReader.InfoVariable] = ExecCredentialReader.Request(plugin, interactive);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e) when (e.NativeErrorCode == NotFound)
        {
            throw new ExecCredentialException(
                $"{plugin} ({plugin.File}): command '{plugin.Command}' not found" +
                (plugin.InstallHint is { Length: > 0 } hint ? $"\n\n{hint.TrimEnd()}" : " (it needs to be installed and on PATH)"), e);
        }
        catch (Win32Exception e)
        {
            throw new ExecCredentialException($"{plugin} ({plugin.File}): command '{plugin.Command}' cannot be run: {e.Message}", e);
        }

        if (!interactive)
        {
            // Like kubectl: a non-interactive plugin reads end-of-file, so it cannot sit waiting for a prompt.
            process.StandardInput.Close();
        }

        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var errors = stderr is null ? Task.CompletedTask : process.StandardError.BaseStream.CopyToAsync(stderr, CancellationToken.None);
        var limit = interactive ? Timeout.InfiniteTimeSpan : timeout ?? DefaultTimeout;
        using var timer = new CancellationTokenSource(limit);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await process.WaitForExitAsync(either.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (!timer.IsCancellationRequested || cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ExecCredentialException(
                $"{plugin} ({plugin.File}) did not finish within {limit.TotalSeconds:0.###} s and was stopped; check that '{plugin.Command}' works when run by hand, without a prompt");
        }

        var text = await output.ConfigureAwait(false);
        await errors.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new ExecCredentialException(
                $"{plugin} ({plugin.File}) failed with exit code {process.ExitCode}; its own message, if any, is on standard error");
        }

        return ExecCredentialReader.Read(text, plugin);
    }
}
