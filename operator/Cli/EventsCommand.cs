using System.CommandLine;
using System.Text.Json;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.Operator.Cli;

public static class EventsCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var output = CommonOptions.Output("json");
        var name = new Argument<string?>("name") { Description = "Only events of this resource", Arity = ArgumentArity.ZeroOrOne };
        var limit = new Option<int>("--limit") { Description = "Most recent events to show", DefaultValueFactory = _ => 50 };
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var command = new Command("events", "Show recent events (starts, exits, restarts, crash loops, invalid specs)") { name, home, ns, output, limit, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            using var source = ServerAccess.Open(result.GetValue(home)!, result.GetValue(server), result.GetValue(tokenFile));
            var key = result.GetValue(name) is { } n ? new ResourceKey("", result.GetValue(ns) ?? "", n) : (ResourceKey?)null;
            var events = await source.ListEventsAsync(key, Math.Max(1, result.GetValue(limit)), cancellationToken).ConfigureAwait(false);
            if (result.GetValue(output) == "json")
            {
                Console.WriteLine(JsonSerializer.Serialize(events, ModelJson.Indented));
                return ExitCodes.Ok;
            }

            if (events.Count == 0)
            {
                Console.Error.WriteLine("No events found.");
                return ExitCodes.Ok;
            }

            var now = TimeProvider.System.GetUtcNow();
            var table = new Table("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE");
            foreach (var e in events)
            {
                var count = e.Count > 1 ? $" (x{e.Count} over {Age.Format(e.LastTimestamp - e.FirstTimestamp)})" : "";
                table.Add(Age.Format(now - e.LastTimestamp), e.Type, e.Reason, $"{e.Key.Kind.ToLowerInvariant()}/{e.Key.Name}", e.Message + count);
            }

            table.Write(Console.Out);
            return ExitCodes.Ok;
        });
        return command;
    }
}
