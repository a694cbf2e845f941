namespace SacOperator.Images;

/// <summary>How one build ended (<c>logs/&lt;version&gt;.result.json</c>); a failure keeps its log tail.</summary>
public sealed record BuildAttempt
{
    public required string Version { get; init; }

    public required string SourceDigest { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset FinishedAt { get; init; }

    public required bool Succeeded { get; init; }

    /// <summary>Killed because the operator stopped; never written down, so the next operator builds again.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Interrupted { get; init; }

    /// <summary>Why it failed, with the last lines of its log; empty on success.</summary>
    public string Message { get; init; } = "";
}
