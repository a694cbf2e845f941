using System.CommandLine;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

public static class RestartCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var name = new Argument<string>("name");
        var newSession = new Option<bool>("--new-session")
        {
            Description = "Start a new Claude Code session instead of resuming the agent's own (the old one stays on disk)",
        };
        var command = new Command("restart", "Restart an agent now (also clears back-off and a give-up after too many failures)") { name, newSession, home, ns, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var source = ServerAccess.Open(result.GetValue(home)!, result.GetValue(server), result.GetValue(tokenFile));
            var key = await ResourceLookup.ResolveAsync(source, ResourceKinds.Agent, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            var fresh = result.GetValue(newSession);
            await source.RequestRestartAsync(key, fresh, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"agent/{key.Name} restart requested" + (fresh ? " with a new session" : ""));
            source.WarnIfStale();
            return ExitCodes.Ok;
        });
        return command;
    }
}
