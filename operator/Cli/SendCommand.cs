using System.CommandLine;
using System.Text.Json.Nodes;
using SacOperator.Operator.Http;
using SacOperator.Parsing;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop send NAME TEXT [--wait] [--timeout 120s] [-o json]</c>: a user turn for a running
/// agent, always through the operator's API (<c>--server</c>, or the URL the operator of
/// <c>--home</c> recorded in <c>server.url</c>). The CLI never writes the FIFO itself: only the
/// operator serialises turns per agent and can pair each one with its result (decision 0019).
/// </summary>
public static class SendCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var output = CommonOptions.Output("json");
        var name = new Argument<string>("name");
        var text = new Argument<string>("text");
        var wait = new Option<bool>("--wait") { Description = "Wait for the turn's result and print its text" };
        var timeout = new Option<string>("--timeout") { Description = "With --wait: longest wait for the result", DefaultValueFactory = _ => "120s" };
        var command = new Command("send", "Send a user turn to a running agent (through the operator's API)") { name, text, wait, timeout, output, home, ns, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!DurationFormat.TryParse(result.GetValue(timeout)!, out var limit) || limit <= TimeSpan.Zero)
            {
                throw new CliError($"--timeout: '{result.GetValue(timeout)}' is not a positive duration such as 120s", ExitCodes.Usage);
            }

            var homeDir = CommonOptions.FullHome(result.GetValue(home)!);
            var url = result.GetValue(server) is { Length: > 0 } given ? ServerAccess.ParseServer(given) : RecordedServer(homeDir);
            var file = result.GetValue(tokenFile) ?? Path.Combine(homeDir, ApiToken.FileName);
            using var client = new OperatorApiClient(url, ReadToken(file), timeout: limit + TimeSpan.FromSeconds(30));
            var agent = OperatorApiClient.Segment(result.GetValue(name)!);
            var query = $"wait={(result.GetValue(wait) ? "true" : "false")}&timeout={Uri.EscapeDataString(DurationFormat.Format(limit))}"
                + (result.GetValue(ns) is { Length: > 0 } n ? $"&namespace={Uri.EscapeDataString(n)}" : "");
            JsonObject answer;
            try
            {
                answer = await client.PostAsync($"/api/v1/agents/{agent}/turns?{query}", new JsonObject { ["text"] = result.GetValue(text) }, cancellationToken).ConfigureAwait(false);
            }
            catch (OperatorApiException e)
            {
                throw new CliError(e.Reason);
            }
            catch (HttpRequestException e)
            {
                throw new CliError($"cannot reach the operator at {url}: {e.Message}");
            }

            var json = result.GetValue(output) == "json";
            if (answer["result"] is JsonObject resultEvent)
            {
                Console.WriteLine(json ? resultEvent.ToJsonString() : answer["text"]?.GetValue<string>() ?? "");
            }
            else
            {
                Console.WriteLine(json ? answer.ToJsonString() : $"agent/{result.GetValue(name)} turn enqueued");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Uri RecordedServer(string home)
    {
        var path = Path.Combine(home, "server.url");
        try
        {
            return ServerAccess.ParseServer(File.ReadAllText(path).Trim());
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"send needs a running operator with HTTP on: {path} does not exist (pass --server URL)");
        }
    }

    private static string ReadToken(string file)
    {
        try
        {
            return ApiToken.Read(file);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliError($"no API token at {file}; the operator writes it when it first starts with HTTP on (pass --token-file, or the --home it uses)");
        }
    }
}
