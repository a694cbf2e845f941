namespace SacOperator.Model;

/// <summary>sac's <c>claude.provider</c>: an Anthropic-compatible endpoint used with an API key instead of OAuth.</summary>
public sealed record ClaudeProvider
{
    /// <summary>Becomes <c>ANTHROPIC_BASE_URL</c>.</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Name of the operator's environment variable holding the key (never the key itself).</summary>
    public required string TokenVariable { get; init; }
}
