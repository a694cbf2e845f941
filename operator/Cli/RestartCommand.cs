using System.CommandLine;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

public static class RestartCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var name = new Argument<string>("name");
        var command = new Command("restart", "Restart an agent now (also clears back-off and a give-up after too many failures)") { name, home, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            var key = ResourceKey.Agent(result.GetValue(name)!);
            using var source = ServerAccess.Open(result.GetValue(home)!, result.GetValue(server), result.GetValue(tokenFile));
            await source.RequestRestartAsync(key, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"agent/{key.Name} restart requested");
            source.WarnIfStale();
            return ExitCodes.Ok;
        });
        return command;
    }
}
