namespace SacOperator.Sessions;

/// <summary>Token counts by type, as Claude Code reports them in <c>usage</c>.</summary>
public sealed record TokenUsage
{
    public static readonly TokenUsage Zero = new();

    public long Input { get; init; }
    public long Output { get; init; }
    public long CacheCreation { get; init; }
    public long CacheRead { get; init; }

    public TokenUsage Plus(TokenUsage other) => new()
    {
        Input = Input + other.Input,
        Output = Output + other.Output,
        CacheCreation = CacheCreation + other.CacheCreation,
        CacheRead = CacheRead + other.CacheRead,
    };
}
