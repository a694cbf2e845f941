using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Runtime;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

public static class GetCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var output = CommonOptions.Output("wide", "json", "yaml");
        var kind = new Argument<string>("kind") { Description = "agents, images, hosts or accounts" };
        var name = new Argument<string?>("name") { Description = "Only this resource", Arity = ArgumentArity.ZeroOrOne };
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var command = new Command("get", "List resources with their status (from the state DB, or a running operator with --server)") { kind, name, home, ns, output, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            var resolved = ResourceKinds.Resolve(result.GetValue(kind)!)
                ?? throw new CliError($"unknown kind '{result.GetValue(kind)}'; use agents, images, hosts or accounts", ExitCodes.Usage);
            var format = result.GetValue(output)!;
            if (format is not ("" or "wide" or "json" or "yaml"))
            {
                throw new CliError($"--output: '{format}' is not one of wide, json, yaml", ExitCodes.Usage);
            }

            var homeDir = CommonOptions.FullHome(result.GetValue(home)!);
            using var source = ServerAccess.Open(homeDir, result.GetValue(server), result.GetValue(tokenFile));
            var rows = await source.ListResourcesAsync(resolved, cancellationToken).ConfigureAwait(false);
            if (result.GetValue(ns) is { } only0)
            {
                rows = rows.Where(r => r.Key.Namespace == only0).ToList();
            }
            if (result.GetValue(name) is { } only)
            {
                rows = rows.Where(r => r.Key.Name == only).ToList();
                if (rows.Count == 0)
                {
                    throw new CliError($"{resolved} '{only}' not found {source.Location}");
                }
            }

            source.WarnIfStale();
            Print(rows, resolved, format, result.GetValue(name) is not null, homeDir);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(IReadOnlyList<ResourceRow> rows, string kind, string format, bool single, string home)
    {
        switch (format)
        {
            case "json":
            case "yaml":
                JsonNode document = single ? ResourceView.ToObject(rows[0]) : ResourceView.List(rows.Select(ResourceView.ToObject));
                Console.Write(format == "json" ? document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n" : YamlWriter.Write(document));
                return;
            default:
                if (rows.Count == 0)
                {
                    Console.Error.WriteLine($"No {ResourceKinds.Plural(kind)} found.");
                    return;
                }

                var table = kind switch
                {
                    ResourceKinds.Agent => AgentTable(rows, format == "wide", home),
                    ResourceKinds.Account => AccountTable.Build(rows, TimeProvider.System.GetUtcNow()),
                    _ => GenericTable(rows),
                };
                table.Write(Console.Out);
                return;
        }
    }

    private static Table AgentTable(IReadOnlyList<ResourceRow> rows, bool wide, string home)
    {
        var now = TimeProvider.System.GetUtcNow();
        var table = wide
            ? new Table("NAME", "PHASE", "RESTARTS", "AGE", "PID", "RUNTIME", "ACCOUNT", "HEARTBEAT", "SOURCE", "MESSAGE")
            : new Table("NAME", "PHASE", "RESTARTS", "AGE", "MESSAGE");
        foreach (var row in rows)
        {
            var status = row.StatusJson is { } json ? JsonSerializer.Deserialize<AgentStatus>(json, ModelJson.Options) : null;
            var message = Shorten(status?.Message ?? "", wide ? 100 : 60);
            var age = Age.Since(row.CreatedAt, now);
            if (!wide)
            {
                table.Add(DisplayName(row.Key), status?.Phase ?? "Unknown", (status?.RestartCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), age, message);
                continue;
            }

            var heartbeat = HeartbeatReading.Read(AgentPaths.For(home, row.Key).Heartbeat) is { } beat ? Age.Format(now - beat.Timestamp) : "<none>";
            table.Add(DisplayName(row.Key), status?.Phase ?? "Unknown", (status?.RestartCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), age,
                status?.Pid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", status?.Runtime ?? "-", status?.Account ?? "-", heartbeat,
                row.Source ?? "-", message);
        }

        return table;
    }

    private static Table GenericTable(IReadOnlyList<ResourceRow> rows)
    {
        var now = TimeProvider.System.GetUtcNow();
        var table = new Table("NAME", "PHASE", "AGE", "MESSAGE");
        foreach (var row in rows)
        {
            var status = row.StatusJson is { } json ? JsonNode.Parse(json) : null;
            table.Add(DisplayName(row.Key), status?["phase"]?.GetValue<string>() ?? "Unknown", Age.Since(row.CreatedAt, now),
                Shorten(status?["message"]?.GetValue<string>() ?? "", 60));
        }

        return table;
    }

    /// <summary>NAME, or NAMESPACE/NAME for Kubernetes-mode resources.</summary>
    private static string DisplayName(ResourceKey key) => key.Namespace.Length > 0 ? $"{key.Namespace}/{key.Name}" : key.Name;

    public static string Shorten(string text, int max)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= max ? text : text[..(max - 1)] + "…";
    }
}
