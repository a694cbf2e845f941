using System.CommandLine;
using SacOperator.Parsing;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop delete NAME [-y] [--purge]</c>: removes an agent's definition — its directory for a
/// sac agent (<c>spec.yaml</c> with its <c>to_home/</c>), or its manifest file — so the operator
/// stops it (SIGTERM, then SIGKILL after the grace period). The runtime directory (logs, session,
/// home) is kept unless <c>--purge</c>, which waits for the agent to be gone first.
/// </summary>
public static class DeleteCommand
{
    private static readonly TimeSpan PurgeWait = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var name = new Argument<string>("name") { Description = "Agent name (looked up in the agents dirs), agent directory or spec file" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var purge = new Option<bool>("--purge") { Description = "Also remove the agent's runtime directory (logs, session, home) once it has stopped" };
        var home = CommonOptions.Home();
        var dirs = AgentsDirs.Option();
        var command = new Command("delete", "Remove an agent's spec (the operator stops it); --purge also removes its runtime directory") { name, yes, purge, home, dirs };
        command.SetAction(async (result, cancellationToken) =>
        {
            var fullHome = CommonOptions.FullHome(result.GetValue(home)!);
            var file = AgentsDirs.FindSpec(result.GetValue(name)!, AgentsDirs.Resolve(result.GetValue(dirs), fullHome));
            var parsed = SpecFiles.Parse(file);
            var agentName = parsed.Resources.Count == 1 ? parsed.Resources[0].Key.Name : result.GetValue(name)!;
            if (parsed.Resources.Count > 1)
            {
                throw new CliError($"{file} defines {parsed.Resources.Count} resources; remove agent '{agentName}' from it by hand");
            }

            var target = SacSpecReader.LooksLikeSacSpec(file) ? Path.GetDirectoryName(file)! : file;
            if (!result.GetValue(yes) && !Confirm($"delete agent '{agentName}' ({target})?"))
            {
                throw new CliError("not deleted (answer y, or pass -y)");
            }

            if (Directory.Exists(target))
            {
                Directory.Delete(target, recursive: true);
            }
            else
            {
                File.Delete(target);
            }

            Console.WriteLine($"agent/{agentName} deleted ({target} removed); the operator stops it");
            if (result.GetValue(purge))
            {
                var paths = AgentPaths.For(fullHome, Model.ResourceKey.Agent(agentName));
                await WaitUntilStoppedAsync(paths, cancellationToken).ConfigureAwait(false);
                if (Directory.Exists(paths.RuntimeDir))
                {
                    Directory.Delete(paths.RuntimeDir, recursive: true);
                }

                Console.WriteLine($"runtime directory {paths.RuntimeDir} removed");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static bool Confirm(string question)
    {
        if (Console.IsInputRedirected && Console.In.Peek() < 0)
        {
            return false;
        }

        Console.Error.Write($"{question} [y/N] ");
        return Console.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    private static async Task WaitUntilStoppedAsync(AgentPaths paths, CancellationToken cancellationToken)
    {
        var deadline = TimeProvider.System.GetUtcNow() + PurgeWait;
        while (File.Exists(paths.Pid) && int.TryParse(File.ReadAllText(paths.Pid).Trim(), out var pid) && ProcStat.Read(pid) is { IsZombie: false })
        {
            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                throw new CliError($"agent still running (pid {pid}) after {PurgeWait.TotalSeconds:0}s; is the operator running? {paths.RuntimeDir} was kept");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
    }
}
