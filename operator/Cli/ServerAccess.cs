using System.CommandLine;
using SacOperator.Operator.Http;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>--server URL</c> and <c>--token-file</c> of the verbs that can talk to a running operator
/// over HTTP; without <c>--server</c> they read the state DB of <c>--home</c> as before.
/// </summary>
public static class ServerAccess
{
    public static Option<string?> Server() => new("--server")
    {
        Description = "Ask a running operator's API at this URL (e.g. http://127.0.0.1:7979) instead of reading the state DB",
    };

    public static Option<string?> TokenFile() => new("--token-file")
    {
        Description = "File holding the API token (default: <home>/token)",
    };

    public static IOperatorSource Open(string home, string? server, string? tokenFile)
    {
        if (string.IsNullOrEmpty(server))
        {
            return new StateSource(home);
        }

        var url = ParseServer(server);
        var file = tokenFile ?? Path.Combine(CommonOptions.FullHome(home), ApiToken.FileName);
        try
        {
            return new ApiSource(new OperatorApiClient(url, ApiToken.Read(file)), file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"no API token at {file}; the operator writes it when it first starts with HTTP on (pass --token-file, or the --home it uses)");
        }
        catch (Exception e) when (e is InvalidDataException or UnauthorizedAccessException or IOException)
        {
            throw new CliError($"cannot read the API token: {e.Message}");
        }
    }

    /// <summary>Accepts <c>http(s)://host:port</c>, or <c>host:port</c> meaning http.</summary>
    public static Uri ParseServer(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        return Uri.TryCreate(withScheme, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0
            ? url
            : throw new CliError($"--server: '{text}' is not a URL such as http://127.0.0.1:7979", ExitCodes.Usage);
    }
}
