using System.CommandLine;
using SacOperator.Operator.A2a;
using SacOperator.Operator.Hosting;
using SacOperator.Parsing;

namespace SacOperator.Operator.Cli;

/// <summary>The A2A inbound options of <c>sacop run</c> (<c>--a2a-ports</c>, <c>--a2a-turn-timeout</c>).</summary>
public sealed class RunA2aOptions
{
    private readonly Option<string> _ports = new("--a2a-ports")
    {
        Description = "Ports given to agents whose a2a.port is auto (sac's a2a.port_range)",
        DefaultValueFactory = _ => A2aPortRange.Default.ToString(),
    };

    private readonly Option<string> _turnTimeout = new("--a2a-turn-timeout")
    {
        Description = "How long POST /v1/turn waits for the turn's result before answering 504 (sac's SAC_A2A_TURN_TIMEOUT_S)",
        DefaultValueFactory = _ => "120s",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_ports);
        command.Options.Add(_turnTimeout);
    }

    /// <exception cref="CliError">A malformed value (usage error).</exception>
    public OperatorOptions Apply(ParseResult result, OperatorOptions options)
    {
        var portsText = result.GetValue(_ports)!;
        if (!A2aPortRange.TryParse(portsText, out var ports))
        {
            throw new CliError($"--a2a-ports: '{portsText}' is not a range such as 19000-19999 (within 1024-65535)", ExitCodes.Usage);
        }

        var timeoutText = result.GetValue(_turnTimeout)!;
        if (!DurationFormat.TryParse(timeoutText, out var timeout) || timeout <= TimeSpan.Zero)
        {
            throw new CliError($"--a2a-turn-timeout: '{timeoutText}' is not a duration such as 120s or 5m", ExitCodes.Usage);
        }

        return options with { A2aPorts = ports, A2aTurnTimeout = timeout };
    }
}
