using System.CommandLine;
using SacOperator.Operator.Hosting;
using SacOperator.Operator.Http;

namespace SacOperator.Operator.Cli;

/// <summary>
/// The HTTP and telemetry options of <c>sacop run</c> (<c>--listen</c>, <c>--allow-remote</c>,
/// <c>--metrics-auth</c>, <c>--otlp-endpoint</c>), their validation and their banner lines.
/// </summary>
public sealed class RunHttpOptions
{
    private readonly Option<string> _listen = new("--listen")
    {
        Description = "Address for /healthz, /readyz, /metrics and /api/v1: IP:PORT, [IPv6]:PORT, localhost:PORT (port 0 picks one) or none",
        DefaultValueFactory = _ => ListenAddress.Default.ToString(),
    };

    private readonly Option<bool> _allowRemote = new("--allow-remote") { Description = "Allow --listen on a non-loopback address (plain HTTP; the API still needs the token)" };

    private readonly Option<bool> _metricsAuth = new("--metrics-auth") { Description = "Require the API token for /metrics too" };

    private readonly Option<string?> _otlp = new("--otlp-endpoint")
    {
        Description = "Also push metrics by OTLP: http://collector:4317 (gRPC) or http://collector:4318/v1/metrics (HTTP/protobuf)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(_listen);
        command.Options.Add(_allowRemote);
        command.Options.Add(_metricsAuth);
        command.Options.Add(_otlp);
    }

    /// <exception cref="CliError">An option is malformed, or a non-loopback address lacks --allow-remote (usage error).</exception>
    public OperatorOptions Apply(ParseResult result, OperatorOptions options)
    {
        var allowRemote = result.GetValue(_allowRemote);
        return options with
        {
            Listen = Listen(result.GetValue(_listen)!, allowRemote),
            AllowRemote = allowRemote,
            MetricsAuth = result.GetValue(_metricsAuth),
            OtlpEndpoint = result.GetValue(_otlp) is { Length: > 0 } endpoint ? Otlp(endpoint) : null,
        };
    }

    /// <summary>Fails before any agent is touched when a fixed listen port is taken, rather than after the controllers started.</summary>
    public static void EnsureListenFree(OperatorOptions options)
    {
        try
        {
            ListenProbe.EnsureFree(options.Listen);
        }
        catch (IOException e)
        {
            throw new CliError(e.Message);
        }
    }

    public static void Banner(OperatorOptions options, Uri? url)
    {
        if (url is null)
        {
            Console.Error.WriteLine("  http: off (--listen none)");
        }
        else
        {
            Console.Error.WriteLine($"  http: {url.ToString().TrimEnd('/')} — /healthz /readyz /metrics{(options.MetricsAuth ? " (token)" : "")}, /api/v1 (token in {options.TokenPath})");
            if (!options.Listen.IsLoopback)
            {
                Console.Error.WriteLine($"  warning: listening on {options.Listen}, reachable from other hosts over plain HTTP; the API needs the token{(options.MetricsAuth ? ", /metrics too" : ", /metrics does not (--metrics-auth)")}");
            }
        }

        if (options.OtlpEndpoint is { } otlp)
        {
            Console.Error.WriteLine($"  otlp: pushing metrics to {otlp} every {options.OtlpExportInterval.TotalSeconds:0}s");
        }
    }

    private static ListenAddress Listen(string text, bool allowRemote)
    {
        if (!ListenAddress.TryParse(text, out var address, out var error))
        {
            throw new CliError($"--listen: {error}", ExitCodes.Usage);
        }

        if (!address.IsLoopback && !allowRemote)
        {
            throw new CliError(
                $"--listen {address} is not a loopback address: the API and /metrics would be reachable from other hosts over plain HTTP. " +
                "Add --allow-remote to accept that (and consider --metrics-auth), or listen on 127.0.0.1", ExitCodes.Usage);
        }

        return address;
    }

    private static Uri Otlp(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliError($"--otlp-endpoint: '{text}' is not an http(s) URL such as http://localhost:4317", ExitCodes.Usage);
}
