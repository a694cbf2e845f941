using SacOperator.Model;

namespace SacOperator.Runtime;

/// <summary>
/// The Apptainer command lines, as pure functions of the spec (golden-tested). Hardened by
/// default as sac does: <c>--containall --cleanenv</c>, <c>--writable-tmpfs</c> unless an overlay
/// is given, and a canonical <c>--home</c>; <c>relaxed: true</c> drops all four, and a flag
/// <c>rawArgs</c> already states is not repeated (see <see cref="ApptainerRawArgs"/>). The container's
/// environment travels as <c>APPTAINERENV_*</c> variables of the apptainer process (see
/// <see cref="ProcessEnvironment"/>), never as <c>--env</c> flags: those split values on commas,
/// and argv is readable by every user on the host.
/// </summary>
public static class ApptainerArgs
{
    /// <param name="binds">Binds with host sources already expanded.</param>
    /// <param name="scratch">
    /// Host directory for the container's <c>/tmp</c> and <c>/var/tmp</c> (<c>--workdir</c>, sac's
    /// <c>tmpfs_size</c>), instead of Apptainer's small session tmpfs; null for none.
    /// </param>
    public static IReadOnlyList<string> InstanceStart(
        string apptainer,
        AgentSpec spec,
        AgentPaths paths,
        string image,
        string instanceName,
        IReadOnlyList<BindMount> binds,
        string? overlay,
        string? scratch = null)
    {
        var raw = ApptainerRawArgs.Split(spec.RawArgs).Instance;
        var argv = new List<string> { apptainer, "instance", "start" };
        if (!spec.Relaxed)
        {
            if (!ApptainerRawArgs.States(raw, "--containall", "-C", "--contain", "-c"))
            {
                argv.Add("--containall");
            }

            if (!ApptainerRawArgs.States(raw, "--cleanenv", "-e"))
            {
                argv.Add("--cleanenv");
            }

            if (overlay is null && !ApptainerRawArgs.States(raw, "--writable-tmpfs"))
            {
                argv.Add("--writable-tmpfs");
            }

            if (!ApptainerRawArgs.States(raw, "--home", "-H"))
            {
                argv.AddRange(["--home", $"{paths.Home}:{AgentPaths.ContainerHome}"]);
            }
        }

        if (spec.Sac?.Fakeroot == true && !ApptainerRawArgs.States(raw, "--fakeroot", "-f"))
        {
            argv.Add("--fakeroot");
        }

        argv.AddRange(["--bind", $"{paths.RuntimeDir}:{AgentPaths.ContainerStateDir}:rw"]);
        foreach (var bind in binds)
        {
            argv.AddRange(["--bind", $"{bind.Source}:{bind.Target}:{(bind.ReadOnly ? "ro" : "rw")}"]);
        }

        switch (spec.Gpu)
        {
            case GpuKinds.Nvidia:
                argv.Add("--nv");
                break;
            case GpuKinds.Rocm:
                argv.Add("--rocm");
                break;
        }

        if (overlay is not null)
        {
            argv.AddRange(["--overlay", overlay]);
        }

        if (scratch is not null && !ApptainerRawArgs.States(raw, "--workdir", "-W"))
        {
            argv.AddRange(["--workdir", scratch]);
        }

        argv.AddRange(raw);
        argv.Add(image);
        argv.Add(instanceName);
        return argv;
    }

    /// <summary>The agent process (or a startup command), exec'd into the running instance.</summary>
    /// <param name="workdir">The working directory with <c>~</c> and <c>$VAR</c> expanded; null uses <c>spec.workdir</c> as written.</param>
    public static IReadOnlyList<string> Exec(
        string apptainer,
        AgentSpec spec,
        string instanceName,
        IReadOnlyList<string> command,
        string? workdir = null)
    {
        var raw = ApptainerRawArgs.Split(spec.RawArgs).Exec;
        var argv = new List<string> { apptainer, "exec" };
        if (!spec.Relaxed && !ApptainerRawArgs.States(raw, "--cleanenv", "-e"))
        {
            argv.Add("--cleanenv");
        }

        workdir ??= spec.Workdir is { Length: > 0 } w ? w : spec.Relaxed ? null : AgentPaths.ContainerHome;
        if (workdir is not null && !ApptainerRawArgs.States(raw, "--pwd"))
        {
            argv.AddRange(["--pwd", workdir]);
        }

        argv.AddRange(raw);
        argv.Add($"instance://{instanceName}");
        argv.AddRange(command);
        return argv;
    }

    public static IReadOnlyList<string> InstanceList(string apptainer) => [apptainer, "instance", "list", "--json"];

    public static IReadOnlyList<string> InstanceStop(string apptainer, string instanceName, TimeSpan timeout) =>
        [apptainer, "instance", "stop", "-t", ((int)Math.Ceiling(timeout.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture), instanceName];

    /// <summary>
    /// Environment of the apptainer process itself: the operator's own (apptainer needs PATH,
    /// HOME…) minus any inherited <c>APPTAINERENV_*</c>, plus one <c>APPTAINERENV_NAME</c> per
    /// container variable, which Apptainer sets inside the container even with --cleanenv.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment(
        IReadOnlyDictionary<string, string> operatorEnvironment,
        IReadOnlyDictionary<string, string> containerEnvironment)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in operatorEnvironment)
        {
            if (!key.StartsWith("APPTAINERENV_", StringComparison.Ordinal) && !key.StartsWith("SINGULARITYENV_", StringComparison.Ordinal))
            {
                env[key] = value;
            }
        }

        foreach (var (key, value) in containerEnvironment)
        {
            env["APPTAINERENV_" + key] = value;
        }

        return env;
    }
}
