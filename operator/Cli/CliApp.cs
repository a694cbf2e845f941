using System.CommandLine;

namespace SacOperator.Operator.Cli;

/// <summary>The <c>sacop</c> command line. Exit codes: 0 ok, 1 failure, 2 usage error.</summary>
public static class CliApp
{
    public static RootCommand Build() => new("sacop — keeps fleets of long-lived AI coding agents running (a reconciling operator)")
    {
        RunCommand.Create(),
        ValidateCommand.Create(),
        GetCommand.Create(),
        DescribeCommand.Create(),
        EventsCommand.Create(),
        LogsCommand.Create("logs"),
        LogsCommand.Create("tail"),
        SuspendCommand.Create(SpecToggle.Suspend),
        SuspendCommand.Create(SpecToggle.Resume),
        SuspendCommand.Create(SpecToggle.Stop),
        SuspendCommand.Create(SpecToggle.Start),
        RestartCommand.Create(),
        ImageCommand.Create(),
        CordonCommand.Create(cordon: true),
        CordonCommand.Create(cordon: false),
        DrainCommand.Create(),
        SendCommand.Create(),
        CheckCommand.Create(),
        DeleteCommand.Create(),
        ConvertCommand.Create(),
        VersionCommand.Create(),
        NodeCommand.Create(),
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = Build();
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            Console.Error.WriteLine("Run 'sacop --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await result.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false }).ConfigureAwait(false);
        }
        catch (CliError e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return e.ExitCode;
        }
    }
}
