using System.CommandLine;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

public static class RestartCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var name = new Argument<string>("name");
        var command = new Command("restart", "Restart an agent now (also clears back-off and a give-up after too many failures)") { name, home };
        command.SetAction(result =>
        {
            var key = ResourceKey.Agent(result.GetValue(name)!);
            using var state = StateAccess.Open(result.GetValue(home)!);
            if (state.GetResource(key) is null)
            {
                throw new CliError($"agent '{key.Name}' is not known to the operator at {result.GetValue(home)}");
            }

            state.AddRequest(key, "restart");
            Console.WriteLine($"agent/{key.Name} restart requested");
            StateAccess.WarnIfNotRunning(result.GetValue(home)!);
            return ExitCodes.Ok;
        });
        return command;
    }
}
