namespace SacOperator.Model;

/// <summary>
/// A host path bound into the container, written <c>host[:container[:ro|rw]]</c>. Spec readers
/// parse each bind once (reporting file, line and field of a bad one) and the runtimes use these
/// fields, never the text. The written form is kept exactly (<see cref="ToString"/>): it is what
/// the JSON of the model holds, so spec hashes and stored specs are the same as when binds were strings.
/// </summary>
public sealed record BindMount
{
    /// <summary>Host path as written; may start with <c>~</c> or use <c>$VAR</c> (the runtime expands it).</summary>
    public required string Source { get; init; }

    /// <summary>Container path as written; null when the bind names only the host path.</summary>
    public string? Destination { get; init; }

    /// <summary><c>ro</c>, <c>rw</c>, or null when not written (read-write).</summary>
    public string? Mode { get; init; }

    /// <summary>Where it appears in the container: <see cref="Destination"/>, else the host path itself.</summary>
    public string Target => Destination ?? Source;

    public bool ReadOnly => Mode == "ro";

    /// <summary>What is wrong with <paramref name="text"/> as a bind, or null when it is one.</summary>
    public static string? Check(string text)
    {
        var parts = text.Split(':');
        if (parts.Length > 3 || parts[0].Length == 0)
        {
            return "must be host[:container[:ro|rw]]";
        }

        if (parts.Length >= 2 && !parts[1].StartsWith('/'))
        {
            return "container path must be absolute";
        }

        if (parts.Length == 3 && parts[2] is not ("ro" or "rw"))
        {
            return "mode must be ro or rw";
        }

        return null;
    }

    /// <summary>
    /// Splits <paramref name="text"/> into its parts without judging them (readers call
    /// <see cref="Check"/> first and report the problem where it was written).
    /// </summary>
    public static BindMount Parse(string text)
    {
        var parts = text.Split(':', 3);
        return new BindMount
        {
            Source = parts[0],
            Destination = parts.Length >= 2 ? parts[1] : null,
            Mode = parts.Length == 3 ? parts[2] : null,
        };
    }

    /// <summary>The bind as written: <see cref="Parse"/> of it gives this bind back.</summary>
    public override string ToString() =>
        Source + (Destination is null ? "" : ":" + Destination) + (Mode is null ? "" : ":" + Mode);
}
