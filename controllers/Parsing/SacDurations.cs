using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>sac reads its durations as numbers of seconds, fractions included (<c>1.5</c>); duration strings are accepted too.</summary>
internal static class SacDurations
{
    public static TimeSpan? Read(YamlMap map, string key, bool allowZero = true)
    {
        if (map.Get(key) is YamlScalarNode { Value: { } text } node
            && text.Contains('.', StringComparison.Ordinal)
            && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
            && double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds)
        {
            if (!allowZero && seconds == 0)
            {
                map.Context.Error(node, map.Child(key), "must be greater than zero");
                return null;
            }

            return TimeSpan.FromSeconds(seconds);
        }

        return map.Duration(key, allowZero);
    }
}
