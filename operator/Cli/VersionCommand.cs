using System.CommandLine;
using System.Reflection;

namespace SacOperator.Operator.Cli;

public static class VersionCommand
{
    public static string Version { get; } =
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Command Create()
    {
        var command = new Command("version", "Print the version");
        command.SetAction(_ =>
        {
            Console.WriteLine($"sacop {Version} (.NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription})");
            return ExitCodes.Ok;
        });
        return command;
    }
}
