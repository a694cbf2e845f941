using System.Text;

namespace SacOperator.Model;

/// <summary>
/// Bounds for texts people read in status and events (<c>sacop get</c>, <c>describe</c>,
/// <c>kubectl</c>), which are also stored with every status write: a spec with hundreds of problems
/// must say so in a few KB, not in hundreds. Lists end in "… and N more".
/// </summary>
public static class StatusText
{
    /// <summary>The longest status message, condition message or event text kept.</summary>
    public const int MaxLength = 4096;

    /// <summary>Room a list leaves for the sentence around it (e.g. "(still running the last valid spec …)").</summary>
    public const int ListLength = MaxLength - 512;

    /// <summary>Joins <paramref name="items"/> while they fit in <paramref name="maxLength"/>, then says how many were left out.</summary>
    public static string Join(string separator, IEnumerable<string> items, int maxLength = ListLength)
    {
        var list = items as IReadOnlyList<string> ?? [.. items];
        var text = new StringBuilder();
        for (var i = 0; i < list.Count; i++)
        {
            // Each item is added only if the "… and N more" that may have to follow it still fits.
            var rest = list.Count - i - 1;
            var suffix = rest == 0 ? "" : $"{separator}… and {rest} more";
            var item = (i == 0 ? "" : separator) + list[i];
            if (text.Length + item.Length + suffix.Length <= maxLength)
            {
                text.Append(item);
            }
            else if (i == 0)
            {
                text.Append(Cap(list[0], maxLength - suffix.Length));
            }
            else
            {
                return text.Append($"{separator}… and {list.Count - i} more").ToString();
            }
        }

        return text.ToString();
    }

    /// <summary><paramref name="text"/> cut to <paramref name="maxLength"/>, saying how much was cut.</summary>
    public static string Cap(string text, int maxLength = MaxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var keep = Math.Max(0, maxLength - 40);
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }

        return $"{text[..keep]}… and {text.Length - keep} more characters";
    }

    /// <summary><paramref name="status"/> with its message and condition messages capped (the same object when nothing is too long).</summary>
    public static ResourceStatus Capped(ResourceStatus status)
    {
        var tooLong = status.Message is { Length: > MaxLength } || status.Conditions.Any(c => c.Message.Length > MaxLength);
        return !tooLong ? status : status with
        {
            Message = status.Message is null ? null : Cap(status.Message),
            Conditions = [.. status.Conditions.Select(c => c.Message.Length > MaxLength ? c with { Message = Cap(c.Message) } : c)],
        };
    }
}
