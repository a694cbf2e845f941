using System.Globalization;

namespace SacOperator.Parsing;

/// <summary>
/// Durations as a whole number of seconds (sac style, <c>30</c>) or a Go/Kubernetes duration string
/// (<c>30s</c>, <c>5m</c>, <c>1h30m</c>, <c>250ms</c>). Both spellings mean the same everywhere.
/// </summary>
public static class DurationFormat
{
    /// <summary>Larger values do not fit a <see cref="TimeSpan"/>; they are rejected rather than thrown on.</summary>
    private static readonly long MaxSeconds = (long)TimeSpan.MaxValue.TotalSeconds;

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
            if (seconds > MaxSeconds)
            {
                return false;
            }

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

        if (!(totalMs <= MaxSeconds * 1000.0))
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Shortest exact form: <c>1h30m</c>, <c>45s</c>, <c>250ms</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        var parts = new System.Text.StringBuilder();
        var ms = (long)Math.Round(value.TotalMilliseconds);
        if (ms == 0)
        {
            return "0s";
        }

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
                ? string.Create(CultureInfo.InvariantCulture, $"{seconds}.{ms.ToString("D3", CultureInfo.InvariantCulture).TrimEnd('0')}s")
                : string.Create(CultureInfo.InvariantCulture, $"{ms}ms"));
        }

        return parts.ToString();
    }
}
