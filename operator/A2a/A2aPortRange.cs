using System.Globalization;

namespace SacOperator.Operator.A2a;

/// <summary>Ports the operator gives agents whose <c>a2a.port</c> is <c>auto</c> (sac's <c>a2a.port_range</c>).</summary>
public sealed record A2aPortRange(int First, int Last)
{
    /// <summary>sac's default range.</summary>
    public static readonly A2aPortRange Default = new(19000, 19999);

    public int Count => Last - First + 1;

    public bool Contains(int port) => port >= First && port <= Last;

    /// <summary>Parses <c>FIRST-LAST</c> (1024 ≤ FIRST ≤ LAST ≤ 65535).</summary>
    public static bool TryParse(string text, out A2aPortRange range)
    {
        range = Default;
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || first < 1024 || last > 65535 || first > last)
        {
            return false;
        }

        range = new A2aPortRange(first, last);
        return true;
    }

    public override string ToString() => $"{First}-{Last}";
}
