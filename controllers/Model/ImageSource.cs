namespace SacOperator.Model;

/// <summary>Exactly one of the fields is set.</summary>
public sealed record ImageSource
{
    /// <summary>Path to an Apptainer definition file.</summary>
    public string? DefFile { get; init; }

    /// <summary><c>docker://</c>, <c>oras://</c> or <c>library://</c> URI.</summary>
    public string? Uri { get; init; }

    /// <summary>Another Image used as the bootstrap base.</summary>
    public string? BaseImage { get; init; }
}
