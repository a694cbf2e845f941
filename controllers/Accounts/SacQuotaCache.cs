using System.Text.Json;

namespace SacOperator.Accounts;

/// <summary>
/// sac's host quota cache (<c>runtime/quota-cache.json</c>, written by its cron):
/// <c>{"written_at": …, "accounts": {"&lt;key&gt;": {"short", "h5", "d7", "ttl_h", "reset_at_5h"?, "reset_at_7d"?}}}</c>
/// with percentages. An entry is found by its key, else by its <c>short</c> name (sac matches the
/// first dash-segment of an account's slug). Reads only these fields; a problem is reported with the
/// file and the field, never thrown.
/// </summary>
public static class SacQuotaCache
{
    /// <summary>Where sac writes the cache.</summary>
    public const string DefaultPath = "~/.scitex/agent-container/runtime/quota-cache.json";

    /// <param name="path">For messages only.</param>
    /// <param name="fileWrittenAt">The file's modification time, used when it carries no <c>written_at</c>.</param>
    public static QuotaReadResult Parse(string path, string text, string key, DateTimeOffset fileWrittenAt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException e)
        {
            return QuotaReadResult.Failed($"{path}: not valid JSON (line {(e.LineNumber ?? 0) + 1}): {e.Message.Split('.')[0]}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (JsonTimes.Property(root, "accounts") is not { ValueKind: JsonValueKind.Object } accounts)
            {
                return QuotaReadResult.Failed($"{path}: no 'accounts' object");
            }

            if (Find(accounts, key) is not { } entry)
            {
                return QuotaReadResult.Failed($"{path}: accounts has no entry '{key}' (by key or short name); set spec.quota.key");
            }

            if (entry.ValueKind != JsonValueKind.Object)
            {
                return QuotaReadResult.Failed($"{path}: accounts.{key} is not an object");
            }

            var fiveHour = JsonTimes.Property(entry, "h5", "used_pct_5h") is { } h5 ? JsonTimes.Number(h5) : null;
            var sevenDay = JsonTimes.Property(entry, "d7", "used_pct_7d") is { } d7 ? JsonTimes.Number(d7) : null;
            if (fiveHour is null && sevenDay is null)
            {
                return QuotaReadResult.Failed($"{path}: accounts.{key} has neither h5 nor d7 as a number");
            }

            var writtenAt = (JsonTimes.Property(entry, "fetched_at") is { } fetched ? JsonTimes.Time(fetched) : null)
                ?? (JsonTimes.Property(root, "written_at") is { } written ? JsonTimes.Time(written) : null)
                ?? fileWrittenAt;
            return QuotaReadResult.Of(new QuotaReading
            {
                TakenAt = writtenAt,
                FiveHourPercent = fiveHour,
                SevenDayPercent = sevenDay,
                FiveHourResetsAt = JsonTimes.Property(entry, "reset_at_5h", "resets_at_5h") is { } r5 ? JsonTimes.Time(r5) : null,
                SevenDayResetsAt = JsonTimes.Property(entry, "reset_at_7d", "resets_at_7d") is { } r7 ? JsonTimes.Time(r7) : null,
            });
        }
    }

    private static JsonElement? Find(JsonElement accounts, string key)
    {
        if (accounts.TryGetProperty(key, out var exact))
        {
            return exact;
        }

        foreach (var entry in accounts.EnumerateObject())
        {
            if (JsonTimes.Property(entry.Value, "short") is { ValueKind: JsonValueKind.String } s && s.GetString() == key)
            {
                return entry.Value;
            }
        }

        return null;
    }
}
