using System.Globalization;
using System.Text.Json;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop get accounts</c>: NAME PHASE 5H 7D RESETS AGENTS AGE. RESETS is when the account is
/// expected back when it is Exhausted, else the next reset of the 5-hour window.
/// </summary>
public static class AccountTable
{
    public static Table Build(IReadOnlyList<ResourceRow> rows, DateTimeOffset now)
    {
        var table = new Table("NAME", "PHASE", "5H", "7D", "RESETS", "AGENTS", "AGE");
        foreach (var row in rows)
        {
            var status = row.StatusJson is { } json ? JsonSerializer.Deserialize<AccountStatus>(json, ModelJson.Options) : null;
            var resets = status?.AvailableAt ?? status?.FiveHourResetsAt;
            table.Add(
                row.Key.Namespace.Length > 0 ? $"{row.Key.Namespace}/{row.Key.Name}" : row.Key.Name,
                status?.Phase is { Length: > 0 } phase ? phase : "Unknown",
                Percent(status?.FiveHourUsedPercent),
                Percent(status?.SevenDayUsedPercent),
                resets is { } r ? (r > now ? "in " + Age.Format(r - now) : Age.Format(now - r) + " ago") : "-",
                status is { Agents.Count: > 0 } ? string.Join(",", status.Agents) : "-",
                Age.Since(row.CreatedAt, now));
        }

        return table;
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-";
}
