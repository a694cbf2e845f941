using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop drain HOST</c>: cordons the Host, then moves its agents one at a time, each placed
/// again among the hosts that fit (a <c>move</c> request in the state DB, taken by the operator)
/// and Running on its new Host before the next one is asked to move. An agent pinned by
/// <c>spec.host</c> is not moved (its file decides); one that fits nowhere else stays. Exit 1 when
/// any agent is still on the Host at the end.
/// </summary>
public static class DrainCommand
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var home = CommonOptions.Home();
        var host = new Argument<string>("host");
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for each agent to run on its new host", DefaultValueFactory = _ => "2m" };
        var command = new Command("drain", "Cordon a host, then move its agents to other hosts one at a time, each Running before the next")
        {
            host, home, timeout,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var name = result.GetValue(host)!;
            var homeDir = result.GetValue(home)!;
            if (!SacOperator.Parsing.DurationFormat.TryParse(result.GetValue(timeout)!, out var wait))
            {
                Console.Error.WriteLine($"error: --timeout: '{result.GetValue(timeout)}' is not a duration (30s, 2m)");
                return ExitCodes.Usage;
            }

            using var state = StateAccess.Open(homeDir);
            if (CordonCommand.Apply(state, homeDir, name, cordon: true) is { } problem)
            {
                Console.Error.WriteLine($"error: {problem}");
                return ExitCodes.Failure;
            }

            Console.WriteLine($"host/{name} cordoned");
            var code = ExitCodes.Ok;
            foreach (var row in OnHost(state, name))
            {
                if (Pinned(row) is { Length: > 0 })
                {
                    Console.Error.WriteLine($"agent/{row.Key.Name} stays: spec.host pins it to '{name}' (edit its file to move it)");
                    code = ExitCodes.Failure;
                    continue;
                }

                using (var writable = StateAccess.OpenWritable(homeDir))
                {
                    writable.AddRequest(row.Key, "move");
                }

                var moved = await WaitMovedAsync(state, row.Key, name, wait, cancellationToken).ConfigureAwait(false);
                if (moved.Host is { } to)
                {
                    Console.WriteLine($"agent/{row.Key.Name} moved to {to}");
                }
                else
                {
                    Console.Error.WriteLine($"agent/{row.Key.Name} not moved: {moved.Why}");
                    code = ExitCodes.Failure;
                }
            }

            StateAccess.WarnIfNotRunning(homeDir);
            return code;
        });
        return command;
    }

    private static List<ResourceRow> OnHost(StateStore state, string host) =>
        [.. state.ListResources(ResourceKinds.Agent)
            .Where(r => string.Equals(Status(r)?.Host, host, StringComparison.OrdinalIgnoreCase))
            .OrderBy(r => r.Key.Name, StringComparer.Ordinal)];

    private static AgentStatus? Status(ResourceRow row) =>
        row.StatusJson is { } json ? JsonSerializer.Deserialize<AgentStatus>(json, ModelJson.Options) : null;

    private static string? Pinned(ResourceRow row) =>
        row.ObjectJson is { } json && JsonNode.Parse(json)?["spec"]?["host"] is JsonValue value ? value.GetValue<string>() : null;

    /// <summary>Until the agent runs on another host, the operator says it cannot move, or the wait is over.</summary>
    private static async Task<(string? Host, string Why)> WaitMovedAsync(StateStore state, ResourceKey key, string from, TimeSpan wait, CancellationToken cancellationToken)
    {
        var asked = TimeProvider.System.GetUtcNow().AddSeconds(-1);
        var deadline = TimeProvider.System.GetUtcNow() + wait;
        while (true)
        {
            var status = state.GetResource(key) is { } row ? Status(row) : null;
            if (status is { Phase: AgentPhases.Running, Host: { } now } && !now.Equals(from, StringComparison.OrdinalIgnoreCase))
            {
                return (now, "");
            }

            var refused = state.ListEvents(key, 5).FirstOrDefault(e => e.Reason == "Unschedulable" && e.LastTimestamp >= asked);
            if (refused is not null)
            {
                return (null, refused.Message);
            }

            if (TimeProvider.System.GetUtcNow() > deadline)
            {
                return (null, $"not Running on another host after {wait.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)}s (phase {status?.Phase}, host {status?.Host}: {status?.Message})");
            }

            await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
        }
    }
}
