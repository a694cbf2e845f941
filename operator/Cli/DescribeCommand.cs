using System.CommandLine;
using System.Globalization;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Serialization;

namespace SacOperator.Operator.Cli;

public static class DescribeCommand
{
    public static Command Create()
    {
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var kind = new Argument<string>("kind") { Description = "agent, image, host or account" };
        var name = new Argument<string>("name");
        var server = ServerAccess.Server();
        var tokenFile = ServerAccess.TokenFile();
        var command = new Command("describe", "Show one resource in detail: spec, status, conditions, restarts and events") { kind, name, home, ns, server, tokenFile };
        command.SetAction(async (result, cancellationToken) =>
        {
            var resolved = ResourceKinds.Resolve(result.GetValue(kind)!)
                ?? throw new CliError($"unknown kind '{result.GetValue(kind)}'", ExitCodes.Usage);
            var homeDir = CommonOptions.FullHome(result.GetValue(home)!);
            using var source = ServerAccess.Open(homeDir, result.GetValue(server), result.GetValue(tokenFile));
            var key = await ResourceLookup.ResolveAsync(source, resolved, result.GetValue(name)!, result.GetValue(ns), cancellationToken).ConfigureAwait(false);
            var row = await source.GetResourceAsync(key, cancellationToken).ConfigureAwait(false) ?? throw new CliError($"{resolved} '{key.Name}' not found {source.Location}");
            var now = TimeProvider.System.GetUtcNow();
            var w = Console.Out;
            var status = row.StatusJson is { } json ? ModelJson.DeserializeStatus(resolved, json) : null;
            w.WriteLine($"Name:         {key.Name}");
            w.WriteLine($"Kind:         {resolved}");
            w.WriteLine($"Source:       {row.Source ?? "-"}");
            w.WriteLine($"Generation:   {row.Generation} (observed {status?.ObservedGeneration.ToString(CultureInfo.InvariantCulture) ?? "-"})");
            w.WriteLine($"Phase:        {status?.Phase ?? "Unknown"}");
            w.WriteLine($"Reason:       {status?.Reason ?? "-"}");
            w.WriteLine($"Message:      {status?.Message ?? "-"}");
            if (status is AgentStatus agent)
            {
                w.WriteLine($"Restarts:     {agent.RestartCount}");
                w.WriteLine($"Pid:          {agent.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
                w.WriteLine($"Runtime:      {agent.Runtime ?? "-"} (instance {agent.InstanceName ?? "-"})");
                w.WriteLine($"Started:      {agent.StartedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
                w.WriteLine($"Last exit:    {agent.LastExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-"} at {agent.LastExitTime?.ToString("u", CultureInfo.InvariantCulture) ?? "-"}");
                w.WriteLine($"Runtime dir:  {AgentPaths.For(homeDir, key).RuntimeDir}");
                w.WriteLine($"Account:      {agent.Account ?? "-"}");
                if (agent.Session is { } session)
                {
                    SessionDescription.Write(w, session, now);
                }
            }

            if (status is AccountStatus account)
            {
                AccountDescription.Write(w, account, now);
            }

            if (status is not null && status.Conditions.Count > 0)
            {
                w.WriteLine("Conditions:");
                var table = new Table("  TYPE", "STATUS", "REASON", "AGE", "MESSAGE");
                foreach (var c in status.Conditions)
                {
                    table.Add("  " + c.Type, c.Status, c.Reason, Age.Format(now - c.LastTransitionTime), GetCommand.Shorten(c.Message, 80));
                }

                table.Write(w);
            }

            if (row.ObjectJson is not null && ResourceView.ToObject(row)["spec"] is { } spec)
            {
                w.WriteLine("Spec:");
                foreach (var line in YamlWriter.Write(spec).Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    w.WriteLine("  " + line);
                }
            }

            if (resolved == ResourceKinds.Agent)
            {
                var restarts = await source.ListRestartsAsync(key, 10, cancellationToken).ConfigureAwait(false);
                w.WriteLine(restarts.Count == 0 ? "Restarts:     <none>" : "Recent restarts:");
                foreach (var r in restarts)
                {
                    w.WriteLine($"  {Age.Format(now - r.At)} ago  {r.Reason}  exit {r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "?"} after {Age.Format(r.Uptime)}");
                }
            }

            var events = await source.ListEventsAsync(key, 20, cancellationToken).ConfigureAwait(false);
            w.WriteLine(events.Count == 0 ? "Events:       <none>" : "Events:");
            if (events.Count > 0)
            {
                var table = new Table("  LAST SEEN", "TYPE", "REASON", "MESSAGE");
                foreach (var e in events)
                {
                    table.Add("  " + Age.Format(now - e.LastTimestamp), e.Type, e.Reason, e.Message + (e.Count > 1 ? $" (x{e.Count})" : ""));
                }

                table.Write(w);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
