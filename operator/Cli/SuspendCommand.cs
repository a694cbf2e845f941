using System.CommandLine;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop suspend|resume|stop|start NAME...</c>: edits each agent's spec file in place
/// (<see cref="SpecSuspension"/>); the operator reacts to the file change. Every name is tried;
/// the exit code is 1 when one of them failed.
/// </summary>
public static class SuspendCommand
{
    public static Command Create(SpecToggle toggle)
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(toggle.Verb, toggle.Description)
        {
            names, home, ns, server, tokenFile,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var source = ServerAccess.Open(result.GetValue(home)!, result.GetValue(server), result.GetValue(tokenFile));
            var code = ExitCodes.Ok;
            foreach (var name in result.GetValue(names)!)
            {
                try
                {
                    var key = await ResourceLookup.ResolveAsync(source, ResourceKinds.Agent, name, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
                    var file = await source.ToggleAsync(key, toggle, cancellationToken).ConfigureAwait(false);
                    Console.WriteLine($"agent/{key.Name} {toggle.Done} (edited {file})");
                }
                catch (CliError e) when (result.GetValue(names)!.Length > 1)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    code = Math.Max(code, e.ExitCode);
                }
            }

            source.WarnIfStale();
            return code;
        });
        return command;
    }
}
