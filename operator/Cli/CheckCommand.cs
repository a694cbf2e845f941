using System.CommandLine;
using SacOperator.Homes;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop check NAME</c>: a preflight of one agent on this host, without starting anything —
/// spec valid, runtime present, image present, bind sources present, home layers mergeable,
/// credentials present — one line per check; exit 1 when any check fails.
/// </summary>
public static class CheckCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Agent name (looked up in the agents dirs), agent directory or spec file" };
        var home = CommonOptions.Home();
        var dirs = AgentsDirs.Option();
        var host = new Option<string>("--host") { Description = "This host's name (default: the short hostname)" };
        var apptainer = new Option<string>("--apptainer") { Description = "apptainer executable (name on PATH or path)", DefaultValueFactory = _ => "apptainer" };
        var command = new Command("check", "Preflight an agent on this host: spec, runtime, image, binds, home layers, credentials") { name, home, dirs, host, apptainer };
        command.SetAction(result =>
        {
            var fullHome = CommonOptions.FullHome(result.GetValue(home)!);
            var file = AgentsDirs.FindSpec(result.GetValue(name)!, AgentsDirs.Resolve(result.GetValue(dirs), fullHome));
            var hostName = result.GetValue(host) is { Length: > 0 } h ? h : Environment.MachineName.Split('.')[0];
            var environment = AgentEnvironment.Current();
            var checks = new Checks();
            var parsed = SacSpecReader.IsSacSpec(file, File.ReadAllText(file))
                ? SacSpecReader.Read(file, File.ReadAllText(file), hostName, environment)
                : SpecFiles.Parse(file);
            var resource = parsed.Resources.FirstOrDefault(r => r.Key.Kind == ResourceKinds.Agent && (parsed.Resources.Count == 1 || r.Key.Name == result.GetValue(name)));
            var errors = parsed.AllDiagnostics.Where(d => d.IsError).ToList();
            checks.Add("spec", errors.Count == 0 && resource?.Resource is Agent,
                errors.Count == 0 ? $"{file} valid ({parsed.AllDiagnostics.Count(d => !d.IsError)} warning(s))" : $"{errors[0]}" + (errors.Count > 1 ? $" (+{errors.Count - 1} more)" : ""));
            if (resource?.Resource is not Agent agent)
            {
                return checks.Finish();
            }

            var spec = agent.Spec;
            var specDirectory = Path.GetDirectoryName(file);
            checks.Add("placement", true, spec.Host is null or "local" || spec.Host.Equals(hostName, StringComparison.OrdinalIgnoreCase)
                ? $"runs on this host ({hostName})" : $"placed on {spec.Host}; this host ({hostName}) leaves it Pending");
            if (spec.Runtime == AgentRuntimes.Apptainer)
            {
                var runtime = new ApptainerRuntime(new ApptainerOptions { Executable = result.GetValue(apptainer)! }, environment, new ProcessRunner(), fullHome, TimeProvider.System).Check();
                checks.Add("runtime", runtime.Available, runtime.Available ? "apptainer found" : runtime.Message);
                checks.Try("image", () => ImageResolver.Resolve(spec.Image!, specDirectory, fullHome, environment));
            }
            else
            {
                checks.Add("runtime", true, "local (a host process)");
            }

            foreach (var bind in spec.Binds)
            {
                var source = AgentEnvironment.ExpandPath(bind.Source, environment);
                var exists = File.Exists(source) || Directory.Exists(source);
                var ensured = spec.Sac?.EnsureDirectories.Any(d => AgentEnvironment.ExpandPath(d, environment) == source) == true;
                var optional = spec.Sac?.OptionalBinds.Contains(bind) == true;
                checks.Add("bind", exists || ensured || optional,
                    exists ? $"{bind}: {source} present" : ensured ? $"{bind}: {source} is created at start (ensure: dir)"
                    : optional ? $"{bind}: {source} missing; skipped at start (required: false)" : $"{bind}: {source} does not exist");
            }

            if (spec.Sac is { } sac)
            {
                var layers = sac.HomeLayers.Select(l => (l.Name, HomeLayerPaths.Resolve(l.Path, specDirectory, environment))).ToList();
                checks.Try("home", () =>
                {
                    var plan = HomeMaterializer.Plan(layers, AgentPaths.For(fullHome, ResourceKey.Agent(agent.Metadata.Name)).Home);
                    var present = layers.Where(l => Directory.Exists(l.Item2)).Select(l => l.Name).ToList();
                    return present.Count == 0 ? "no home layers on disk" : $"{plan.Writes.Count} file(s) from {string.Join(", ", present)}";
                });
                checks.Try("credentials", () => ClaudeAuth.Resolve(agent.Metadata.Name, spec, environment) switch
                {
                    { ConfigDirectory: { } dir } => $"credentials directory {dir}",
                    { Environment.Count: > 0 } wiring => $"API key in the environment ({string.Join(", ", wiring.Environment.Keys.Where(k => k.Contains("KEY", StringComparison.Ordinal) || k.Contains("TOKEN", StringComparison.Ordinal)).Order(StringComparer.Ordinal))})",
                    _ => throw new AgentStartException(StartFailureReasons.CredentialsMissing, "no ~/.claude directory and no ANTHROPIC_API_KEY or CLAUDE_CODE_OAUTH_TOKEN in the environment; Claude Code would start unauthenticated"),
                });
            }

            return checks.Finish();
        });
        return command;
    }

    /// <summary>Prints one line per check and remembers failures.</summary>
    private sealed class Checks
    {
        private bool _failed;

        public void Add(string what, bool ok, string detail)
        {
            _failed |= !ok;
            Console.WriteLine($"{(ok ? "ok  " : "FAIL")}  {what,-11} {detail}");
        }

        public void Try(string what, Func<string> check)
        {
            try
            {
                Add(what, true, check());
            }
            catch (Exception e) when (e is AgentStartException or HomeMaterializationException)
            {
                Add(what, false, e.Message);
            }
        }

        public int Finish() => _failed ? ExitCodes.Failure : ExitCodes.Ok;
    }
}
