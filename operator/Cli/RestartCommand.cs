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
        var command = new Command("restart", "Restart an agent now (also clears back-off and a give-up after too many failures)") { name, home, ns, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var source = ServerAccess.Open(result.GetValue(home)!, result.GetValue(server), result.GetValue(tokenFile));
            var key = await ResourceLookup.ResolveAsync(source, ResourceKinds.Agent, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            await source.RequestRestartAsync(key, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"agent/{key.Name} restart requested");
            source.WarnIfStale();
            return ExitCodes.Ok;
        });
        return command;
    }
}
