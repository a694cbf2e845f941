using System.Text.RegularExpressions;
using SacOperator.Homes;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>
/// The steps before an agent process starts that sac specs ask for, shared by the runtimes:
/// binds with their declared intent, the home materialised from <c>to_home</c>, the scratch
/// directory behind <c>tmpfs_size</c>, and <c>startup_commands</c>. Each failure is an
/// <see cref="AgentStartException"/> whose reason and message say what to fix.
/// </summary>
public static partial class LaunchSteps
{
    public static readonly TimeSpan StartupCommandTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Binds with <c>~</c>/<c>$VAR</c> expanded in their source: <c>ensure: dir</c> sources are
    /// created, a missing <c>required: false</c> source is skipped (noted in the agent's stderr
    /// log), and any other missing source fails the start before Apptainer is called.
    /// </summary>
    public static IReadOnlyList<BindMount> Binds(AgentSpec spec, IReadOnlyDictionary<string, string> environment, AgentPaths paths)
    {
        foreach (var directory in spec.Sac?.EnsureDirectories ?? [])
        {
            var path = AgentEnvironment.ExpandPath(directory, environment);
            try
            {
                Directory.CreateDirectory(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AgentStartException(StartFailureReasons.BindSourceMissing, $"bind source {path} (ensure: dir) could not be created: {e.Message}");
            }
        }

        var optional = spec.Sac?.OptionalBinds ?? [];
        var binds = new List<BindMount>();
        foreach (var written in spec.Binds)
        {
            var bind = written with { Source = AgentEnvironment.ExpandPath(written.Source, environment) };
            if (File.Exists(bind.Source) || Directory.Exists(bind.Source))
            {
                binds.Add(bind);
            }
            else if (optional.Contains(written))
            {
                Note(paths, $"bind {written} skipped: its source {bind.Source} does not exist (required: false)");
            }
            else
            {
                throw new AgentStartException(StartFailureReasons.BindSourceMissing,
                    $"bind source {bind.Source} does not exist on this host; create it or fix spec.binds");
            }
        }

        return binds;
    }

    /// <summary>Copies the spec's home layers into <paramref name="home"/>; returns the variables of its <c>.env</c>.</summary>
    public static IReadOnlyDictionary<string, string> Home(AgentLaunch launch, IReadOnlyDictionary<string, string> environment, string home)
    {
        if (launch.Spec.Sac is not { HomeLayers.Count: > 0 } sac)
        {
            return new Dictionary<string, string>();
        }

        var layers = sac.HomeLayers.Select(l => (l.Name, HomeLayerPaths.Resolve(l.Path, launch.SpecDirectory, environment))).ToList();
        try
        {
            return HomeMaterializer.Materialize(layers, home).Environment;
        }
        catch (HomeMaterializationException e)
        {
            throw new AgentStartException(StartFailureReasons.HomeMaterializationFailed, e.Message);
        }
    }

    /// <summary>
    /// The host directory behind the container's <c>/tmp</c> (<c>&lt;runtime&gt;/tmp-scratch</c>),
    /// created and checked to have <c>tmpfs_size</c> free; null when the spec asks for none.
    /// </summary>
    public static string? Scratch(AgentSpec spec, AgentPaths paths)
    {
        if (spec.Sac?.TmpfsSize is not { } size || ApptainerRawArgs.States(spec.RawArgs, "--workdir", "-W"))
        {
            return null;
        }

        var scratch = Path.Combine(paths.RuntimeDir, "tmp-scratch");
        Directory.CreateDirectory(scratch);
        var free = new DriveInfo(scratch).AvailableFreeSpace;
        if (SacSizes.ToBytes(size) is { } needed && free < needed)
        {
            throw new AgentStartException(StartFailureReasons.InsufficientScratchSpace,
                $"tmpfs_size asks for {size} of /tmp space but the filesystem of {scratch} has {free / (1024 * 1024)} MB free; free space or lower spec.apptainer.tmpfs_size");
        }

        return scratch;
    }

    /// <summary>Runs the startup commands in order, each after its delay; the first failure fails the start with its stderr.</summary>
    /// <param name="run">Runs one shell command where the agent will run, in its environment.</param>
    /// <param name="environment">The agent's environment, so secrets echoed to stderr are masked in the message.</param>
    public static async Task StartupCommandsAsync(
        AgentSpec spec,
        Func<string, Task<CommandResult>> run,
        IReadOnlyDictionary<string, string> environment,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var commands = spec.Sac?.StartupCommands ?? [];
        for (var i = 0; i < commands.Count; i++)
        {
            if (commands[i].Delay > TimeSpan.Zero)
            {
                await Task.Delay(commands[i].Delay, time, cancellationToken).ConfigureAwait(false);
            }

            CommandResult result;
            try
            {
                result = await run(commands[i].Command).ConfigureAwait(false);
            }
            catch (Exception e) when (e is CommandTimeoutException or SpawnException)
            {
                throw new AgentStartException(StartFailureReasons.StartupCommandFailed, $"startup_commands[{i}] ({commands[i].Command}) did not finish: {e.Message}");
            }

            if (!result.Succeeded)
            {
                var stderr = Tail(result.StandardError.Trim().Length > 0 ? result.StandardError : result.StandardOutput);
                throw new AgentStartException(StartFailureReasons.StartupCommandFailed,
                    Mask($"startup_commands[{i}] ({commands[i].Command}) exited with code {result.ExitCode}: {stderr}", environment));
            }
        }
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(" | ", lines.TakeLast(5));
    }

    private static string Mask(string text, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment)
        {
            if (value.Length >= 6 && SecretName().IsMatch(name))
            {
                text = text.Replace(value, "[REDACTED]", StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>Appends a line to the agent's stderr log (what <c>sacop logs --stderr</c> shows).</summary>
    private static void Note(AgentPaths paths, string line)
    {
        Directory.CreateDirectory(paths.RuntimeDir);
        File.AppendAllText(paths.Stderr, $"sacop: {line}\n");
    }

    [GeneratedRegex("(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL|AUTH)", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
