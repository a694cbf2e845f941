namespace SacOperator.Model;

/// <summary>
/// A def file, a URI or a base Image. A def file may name a base Image too: it is built with
/// <c>--build-arg BASE=&lt;the base's active artifact&gt;</c> (<c>From: {{ BASE }}</c>); a base alone
/// is converted (a SIF into a sandbox, say).
/// </summary>
public sealed record ImageSource
{
    /// <summary>Path to an Apptainer definition file.</summary>
    public string? DefFile { get; init; }

    /// <summary><c>docker://</c>, <c>oras://</c> or <c>library://</c> URI.</summary>
    public string? Uri { get; init; }

    /// <summary>Another Image used as the bootstrap base; this image is rebuilt when the base gets a new active version.</summary>
    public string? BaseImage { get; init; }
}
