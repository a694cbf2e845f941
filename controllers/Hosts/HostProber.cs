using System.Diagnostics;
using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Hosts;

/// <summary>
/// Runs <see cref="HostProbeScript"/> on a host: through <c>/bin/sh</c> for <c>local</c>, over the
/// host's shared ssh connection otherwise. Every probe has a deadline (connect timeout plus
/// <see cref="HostControllerOptions.CommandTimeout"/>); a failure is a result, never an exception.
/// </summary>
public sealed class HostProber(IProcessRunner runner, HostControllerOptions options)
{
    public async Task<HostProbeResult> ProbeAsync(HostSpec spec, CancellationToken cancellationToken)
    {
        var script = HostProbeScript.With(spec.Preamble);
        var local = HostAddresses.IsLocal(spec.Address);
        var timeout = options.CommandTimeout + (local ? TimeSpan.Zero : (spec.Ssh ?? new SshSpec()).ConnectTimeout);
        IReadOnlyList<string> argv;
        if (local)
        {
            argv = ["/bin/sh", "-c", script];
        }
        else
        {
            PrivateFiles.EnsureDirectory(options.ControlDirectory);
            argv = SshArguments.For(options.Ssh, spec, options.ControlDirectory, "sh -c " + ShellQuote.Word(script));
        }

        var started = Stopwatch.GetTimestamp();
        CommandResult result;
        try
        {
            result = await runner.RunAsync(argv, timeout, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (CommandTimeoutException)
        {
            return HostProbeResult.Failed(HostReasons.ProbeTimeout, $"no answer within {timeout.TotalSeconds:0.#}s", Stopwatch.GetElapsedTime(started));
        }
        catch (SpawnException e)
        {
            return HostProbeResult.Failed(HostReasons.ProbeFailed, e.Message, Stopwatch.GetElapsedTime(started));
        }

        if (HostFacts.Parse(result.StandardOutput) is { } facts)
        {
            return HostProbeResult.Ok(facts, result.Duration);
        }

        // ssh exits 255 for its own failures (refused, timed out, authentication); anything else came from the host.
        var reason = !local && result.ExitCode == 255 ? HostReasons.Unreachable : HostReasons.ProbeFailed;
        return HostProbeResult.Failed(reason, result.Summary, result.Duration);
    }

    /// <summary>Closes the host's master connection (the Host is gone); a host without one is left as it is.</summary>
    public async Task DisconnectAsync(HostSpec spec, CancellationToken cancellationToken)
    {
        if (HostAddresses.IsLocal(spec.Address) || !Directory.Exists(options.ControlDirectory))
        {
            return;
        }

        try
        {
            await runner.RunAsync(SshArguments.Exit(options.Ssh, spec, options.ControlDirectory), TimeSpan.FromSeconds(5), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is CommandTimeoutException or SpawnException)
        {
            // The master exits by itself after ControlPersist.
        }
    }
}
