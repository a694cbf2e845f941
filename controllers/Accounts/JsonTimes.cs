using System.Globalization;
using System.Text.Json;

namespace SacOperator.Accounts;

/// <summary>
/// Times and percentages as quota sources write them: ISO 8601 strings, or Unix seconds (or
/// milliseconds, when the number is too large to be seconds), or numbers as strings.
/// </summary>
internal static class JsonTimes
{
    /// <summary>Beyond this a Unix timestamp is in milliseconds (year 5138 in seconds).</summary>
    private const double MillisecondsFrom = 1e11;

    public static DateTimeOffset? Time(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var n) => FromUnix(n),
        JsonValueKind.String when DateTimeOffset.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) => t,
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => FromUnix(n),
        _ => null,
    };

    public static double? Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var n) && double.IsFinite(n) => n,
        JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) => n,
        _ => null,
    };

    public static JsonElement? Property(JsonElement obj, params string[] names)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var name in names)
        {
            if (obj.TryGetProperty(name, out var value) && value.ValueKind is not JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    private static DateTimeOffset? FromUnix(double value)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            return null;
        }

        var ms = value >= MillisecondsFrom ? value : value * 1000;
        return ms > 253402300799999 ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }
}
