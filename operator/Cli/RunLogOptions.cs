using System.CommandLine;
using System.Globalization;
using SacOperator.Logs;
using SacOperator.Operator.Hosting;
using SacOperator.Parsing;

namespace SacOperator.Operator.Cli;

/// <summary>The agent output rotation options of <c>sacop run</c> (<c>--log-max-size</c>, <c>--log-max-files</c>, <c>--log-check-period</c>).</summary>
public sealed class RunLogOptions
{
    private readonly Option<string> _maxSize = new("--log-max-size")
    {
        Description = "Rotate an agent's session.jsonl or stderr.log when it reaches this size (64Mi, 500M, bytes)",
        DefaultValueFactory = _ => "64Mi",
    };

    private readonly Option<int> _maxFiles = new("--log-max-files")
    {
        Description = "Rotated generations of each agent output file to keep (<file>.1 … <file>.N)",
        DefaultValueFactory = _ => 3,
    };

    private readonly Option<string> _checkPeriod = new("--log-check-period")
    {
        Description = "How often the sizes of agent output files are checked",
        DefaultValueFactory = _ => "5s",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_maxSize);
        command.Options.Add(_maxFiles);
        command.Options.Add(_checkPeriod);
    }

    /// <exception cref="CliError">A malformed or out-of-range value (usage error).</exception>
    public OperatorOptions Apply(ParseResult result, OperatorOptions options)
    {
        var sizeText = result.GetValue(_maxSize)!;
        if (!QuantityReader.TryParse(sizeText, out var maxBytes) || maxBytes < LogRotationOptions.MinimumMaxBytes)
        {
            throw new CliError($"--log-max-size: '{sizeText}' is not a size of at least 64Ki such as 64Mi, 500M or 1Gi", ExitCodes.Usage);
        }

        var maxFiles = result.GetValue(_maxFiles);
        if (maxFiles < 1)
        {
            throw new CliError(string.Create(CultureInfo.InvariantCulture, $"--log-max-files: must be at least 1, got {maxFiles}"), ExitCodes.Usage);
        }

        var periodText = result.GetValue(_checkPeriod)!;
        if (!DurationFormat.TryParse(periodText, out var period) || period <= TimeSpan.Zero)
        {
            throw new CliError($"--log-check-period: '{periodText}' is not a duration such as 5s, 500ms or 1m", ExitCodes.Usage);
        }

        return options with { LogRotation = new LogRotationOptions { MaxBytes = maxBytes, MaxFiles = maxFiles, CheckPeriod = period } };
    }
}
