using System.Globalization;

namespace SacOperator.Parsing;

/// <summary>
/// Durations as a whole number of seconds (sac style, <c>30</c>) or a Go/Kubernetes duration string
/// (<c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c>). Both spellings mean the same everywhere.
/// </summary>
public static class DurationFormat
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        double totalMs = 0;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(text.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            double? unitMs = text[unitStart..i] switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                _ => null,
            };
            if (unitMs is null)
            {
                return false;
            }

            totalMs += number * unitMs.Value;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Shortest exact form: <c>1h30m</c>, <c>45s</c>, <c>250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new System.Text.StringBuilder();
        var ms = (long)Math.Round(value.TotalMilliseconds);
        if (ms < 0)
        {
            parts.Append('-');
            ms = -ms;
        }

        var hours = ms / 3_600_000;
        ms %= 3_600_000;
        var minutes = ms / 60_000;
        ms %= 60_000;
        var seconds = ms / 1000;
        ms %= 1000;
        if (hours > 0)
        {
            parts.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (minutes > 0)
        {
            parts.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        if (seconds > 0 && ms == 0)
        {
            parts.Append(CultureInfo.InvariantCulture, $"{seconds}s");
        }
        else if (ms > 0)
        {
            parts.Append(seconds > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{seconds}.{ms:D3}s").TrimEnd('0')
                : string.Create(CultureInfo.InvariantCulture, $"{ms}ms"));
        }

        return parts.ToString();
    }
}
