using System.CommandLine;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary><c>sacop suspend|resume NAME</c>: edits the agent's spec file in place (<see cref="SpecSuspension"/>); the operator reacts to the file change.</summary>
public static class SuspendCommand
{
    public static Command Create(bool suspend)
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var name = new Argument<string>("name");
        var command = new Command(suspend ? "suspend" : "resume",
            suspend
                ? "Freeze an agent (SIGSTOP) by setting suspend: true in its spec file"
                : "Thaw a suspended agent (SIGCONT) by setting suspend: false in its spec file")
        {
            name, home, ns, server, tokenFile,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var source = ServerAccess.Open(result.GetValue(home)!, result.GetValue(server), result.GetValue(tokenFile));
            var key = await ResourceLookup.ResolveAsync(source, ResourceKinds.Agent, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            var file = await source.SetSuspendAsync(key, suspend, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"agent/{key.Name} {(suspend ? "suspended" : "resumed")} (edited {file})");
            source.WarnIfStale();
            return ExitCodes.Ok;
        });
        return command;
    }
}
