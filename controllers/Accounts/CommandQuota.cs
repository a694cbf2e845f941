using System.Text.Json;

namespace SacOperator.Accounts;

/// <summary>
/// The output of a <c>command</c> quota source: one JSON object with <c>fiveHourPercent</c>,
/// <c>sevenDayPercent</c>, and optionally <c>fiveHourResetsAt</c>, <c>sevenDayResetsAt</c> and
/// <c>takenAt</c> (ISO 8601 or Unix seconds). Without <c>takenAt</c> the reading is as of the run.
/// </summary>
public static class CommandQuota
{
    public static QuotaReadResult Parse(string command, string output, DateTimeOffset ranAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(output.Trim());
        }
        catch (JsonException e)
        {
            return QuotaReadResult.Failed($"quota command '{command}' printed no JSON object: {e.Message.Split('.')[0]}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return QuotaReadResult.Failed($"quota command '{command}' printed JSON that is not an object");
            }

            var fiveHour = JsonTimes.Property(root, "fiveHourPercent") is { } h5 ? JsonTimes.Number(h5) : null;
            var sevenDay = JsonTimes.Property(root, "sevenDayPercent") is { } d7 ? JsonTimes.Number(d7) : null;
            if (fiveHour is null && sevenDay is null)
            {
                return QuotaReadResult.Failed($"quota command '{command}': neither fiveHourPercent nor sevenDayPercent is a number");
            }

            return QuotaReadResult.Of(new QuotaReading
            {
                TakenAt = (JsonTimes.Property(root, "takenAt") is { } taken ? JsonTimes.Time(taken) : null) ?? ranAt,
                FiveHourPercent = fiveHour,
                SevenDayPercent = sevenDay,
                FiveHourResetsAt = JsonTimes.Property(root, "fiveHourResetsAt") is { } r5 ? JsonTimes.Time(r5) : null,
                SevenDayResetsAt = JsonTimes.Property(root, "sevenDayResetsAt") is { } r7 ? JsonTimes.Time(r7) : null,
            });
        }
    }
}
