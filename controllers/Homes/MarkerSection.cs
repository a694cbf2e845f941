using System.Text.RegularExpressions;

namespace SacOperator.Homes;

/// <summary>
/// The marker-protected merge sac applies to <c>CLAUDE.md</c> and <c>state.md</c>: the layers'
/// content goes between a start and an end marker; whatever the agent or a person wrote before
/// or after that section survives every start. A file whose markers are broken (more than one
/// pair, or in the wrong order) is refused rather than overwritten. The markers are sac's own,
/// so a home first written by sac keeps its section when SacOperator takes over.
/// </summary>
public static partial class MarkerSection
{
    public const string StartPrefix = "<!-- Start of scitex-agent-container generated section";

    public const string End = "<!-- End of scitex-agent-container generated section -->";

    private const string Start = StartPrefix + " -->";

    /// <summary>The new file content: <paramref name="existing"/> with its generated section replaced by <paramref name="bodies"/>.</summary>
    /// <param name="bodies">Each layer's content, lowest precedence first; they are composed in that order.</param>
    /// <param name="name">Names the file in errors.</param>
    public static string Merge(string? existing, IEnumerable<string> bodies, string name)
    {
        var body = string.Join("\n\n", bodies.Select(b => EmbeddedMarker().Replace(b, "").Trim()).Where(b => b.Length > 0));
        var section = $"{Start}\n{body}\n{End}\n";
        var (head, tail) = Split(existing ?? "", name);
        if (tail.Trim().Length > 0)
        {
            section = section.TrimEnd('\n') + tail;
            if (!section.EndsWith('\n'))
            {
                section += "\n";
            }
        }

        return head.Trim().Length > 0 ? head.TrimEnd('\n') + "\n\n" + section : section;
    }

    private static (string Head, string Tail) Split(string text, string name)
    {
        if (text.Trim().Length == 0)
        {
            return ("", "");
        }

        var starts = Count(text, StartPrefix);
        var ends = Count(text, End);
        if (starts == 0 && ends == 0)
        {
            return (text, "");
        }

        var start = text.IndexOf(StartPrefix, StringComparison.Ordinal);
        var end = text.IndexOf(End, StringComparison.Ordinal);
        if (starts != 1 || ends != 1 || start > end)
        {
            throw new HomeMaterializationException(
                $"{name} in the agent's home has {starts} start and {ends} end markers of the generated section" +
                (starts == 1 && ends == 1 ? " in the wrong order" : "") +
                "; refusing to overwrite it. Repair the markers (one start, then one end) or remove the file.");
        }

        return (text[..start], text[(end + End.Length)..]);
    }

    private static int Count(string text, string marker)
    {
        var count = 0;
        for (var i = text.IndexOf(marker, StringComparison.Ordinal); i >= 0; i = text.IndexOf(marker, i + marker.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex(@"<!--[^\n]*?scitex-agent-container[^\n]*?-->\n?")]
    private static partial Regex EmbeddedMarker();
}
