namespace SacOperator.Model;

public sealed record SshSpec
{
    public int? Port { get; init; }

    public string? IdentityFile { get; init; }

    /// <summary>Jump hosts, in order (<c>ssh -J</c>).</summary>
    public IReadOnlyList<string> Jump { get; init; } = [];

    /// <summary>Extra <c>-o</c> options, <c>Key=Value</c>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
