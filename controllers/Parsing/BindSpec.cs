namespace SacOperator.Parsing;

/// <summary>Apptainer bind syntax <c>src[:dest[:ro|rw]]</c>.</summary>
public sealed record BindSpec(string Source, string Destination, bool ReadOnly)
{
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

    public static BindSpec Parse(string text)
    {
        var parts = text.Split(':');
        return new BindSpec(parts[0], parts.Length >= 2 ? parts[1] : parts[0], parts.Length == 3 && parts[2] == "ro");
    }

    public override string ToString() => $"{Source}:{Destination}:{(ReadOnly ? "ro" : "rw")}";
}
