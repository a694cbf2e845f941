using System.CommandLine;
using SacOperator.Editing;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary><c>sacop suspend|resume NAME</c>: edits the agent's spec file in place; the operator reacts to the file change.</summary>
public static class SuspendCommand
{
    public static Command Create(bool suspend)
    {
        var home = CommonOptions.Home();
        var name = new Argument<string>("name");
        var command = new Command(suspend ? "suspend" : "resume",
            suspend
                ? "Freeze an agent (SIGSTOP) by setting suspend: true in its spec file"
                : "Thaw a suspended agent (SIGCONT) by setting suspend: false in its spec file")
        {
            name, home,
        };
        command.SetAction(result =>
        {
            var key = ResourceKey.Agent(result.GetValue(name)!);
            using var state = StateAccess.Open(result.GetValue(home)!);
            var row = state.GetResource(key) ?? throw new CliError($"agent '{key.Name}' is not known to the operator at {result.GetValue(home)}");
            var source = row.Source;
            if (source is null || source == "kubernetes" || !File.Exists(source))
            {
                throw new CliError(source == "kubernetes"
                    ? $"agent '{key.Name}' is a Kubernetes resource; use: kubectl patch agent {key.Name} --type merge -p '{{\"spec\":{{\"suspend\":{(suspend ? "true" : "false")}}}}}'"
                    : $"the spec file of agent '{key.Name}' ({source ?? "unknown"}) is not reachable from here");
            }

            if (SpecFileEditor.SetSuspend(source, key, suspend) is { } problem)
            {
                throw new CliError($"{source} left unchanged: {problem}");
            }

            Console.WriteLine($"agent/{key.Name} {(suspend ? "suspended" : "resumed")} (edited {source})");
            StateAccess.WarnIfNotRunning(result.GetValue(home)!);
            return ExitCodes.Ok;
        });
        return command;
    }
}
