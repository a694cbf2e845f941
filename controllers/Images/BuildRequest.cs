using SacOperator.Runtime;

namespace SacOperator.Images;

/// <summary>One version to build: the commands, where they run, and what the result records.</summary>
public sealed record BuildRequest
{
    public required ImageLayout Layout { get; init; }

    public required string Version { get; init; }

    /// <summary>Why it is built (for the start event).</summary>
    public required string Cause { get; init; }

    public required string SourceDigest { get; init; }

    /// <summary>argv lists run one after the other (<see cref="BuildCommands"/>).</summary>
    public required IReadOnlyList<IReadOnlyList<string>> Commands { get; init; }

    /// <summary>The def file's directory (relative <c>%files</c> sources resolve here), else the image's directory.</summary>
    public required string WorkingDirectory { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public required TimeSpan Timeout { get; init; }

    /// <summary>The base artifact the version is built on, recorded in its <c>version.json</c>.</summary>
    public string? Base { get; init; }
}
