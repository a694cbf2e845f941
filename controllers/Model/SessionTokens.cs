namespace SacOperator.Model;

/// <summary>Tokens of a Claude Code session's finished turns, by type.</summary>
public sealed record SessionTokens
{
    /// <summary>Input tokens not served from the prompt cache.</summary>
    public long Input { get; init; }

    /// <summary>Tokens the model wrote.</summary>
    public long Output { get; init; }

    /// <summary>Input tokens written to the prompt cache.</summary>
    public long CacheCreation { get; init; }

    /// <summary>Input tokens read from the prompt cache.</summary>
    public long CacheRead { get; init; }
}
