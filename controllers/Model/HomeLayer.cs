namespace SacOperator.Model;

/// <summary>
/// One directory materialised into the agent's <c>$HOME</c> before every start (sac's
/// <c>to_home/</c> and its shared layers).
/// </summary>
public sealed record HomeLayer
{
    /// <summary><c>user-shared</c>, <c>project-shared</c> or <c>per-agent</c> (lowest precedence first).</summary>
    public required string Name { get; init; }

    /// <summary>Absolute, <c>~/</c>-relative (the operator's home) or relative to the spec's directory.</summary>
    public required string Path { get; init; }
}
