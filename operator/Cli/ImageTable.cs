using System.Globalization;
using System.Text.Json;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>The <c>sacop get images</c> table: the active version, how many are kept, the build stage while one runs, and the agents' rollout (updated/total and its phase).</summary>
public static class ImageTable
{
    public static Table Build(IReadOnlyList<ResourceRow> rows)
    {
        var now = TimeProvider.System.GetUtcNow();
        var table = new Table("NAME", "PHASE", "ACTIVE", "VERSIONS", "STAGE", "ROLLOUT", "AGE", "MESSAGE");
        foreach (var row in rows)
        {
            var status = row.StatusJson is { } json ? JsonSerializer.Deserialize<ImageStatus>(json, ModelJson.Options) : null;
            table.Add(
                GetCommand.DisplayName(row.Key),
                status?.Phase is { Length: > 0 } phase ? phase : "Unknown",
                status?.ActiveVersion ?? "-",
                (status?.Versions.Count ?? 0).ToString(CultureInfo.InvariantCulture),
                GetCommand.Shorten(status?.Stage ?? "-", 40),
                status?.Rollout is { } rollout ? $"{rollout.Updated}/{rollout.Total} {rollout.Phase}" : "-",
                Age.Since(row.CreatedAt, now),
                GetCommand.Shorten((status?.Message ?? "").ReplaceLineEndings(" "), 60));
        }

        return table;
    }
}
