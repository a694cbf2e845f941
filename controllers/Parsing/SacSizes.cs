using System.Globalization;
using System.Text.RegularExpressions;

namespace SacOperator.Parsing;

/// <summary>Apptainer-style sizes as sac writes them: a whole number and M, MB, G or GB.</summary>
public static partial class SacSizes
{
    public static long? ToBytes(string size)
    {
        var match = Size().Match(size);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number == 0)
        {
            return null;
        }

        var unit = match.Groups[2].Value.ToUpperInvariant().StartsWith('G') ? 1024L * 1024 * 1024 : 1024L * 1024;
        return number > long.MaxValue / unit ? null : number * unit;
    }

    [GeneratedRegex(@"^\s*(\d+)\s*([MmGg][Bb]?)\s*$")]
    private static partial Regex Size();
}
