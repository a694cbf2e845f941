namespace SacOperator.Model;

/// <summary>How to reach a remote host over ssh.</summary>
public sealed record SshSpec
{
    /// <summary>ssh port; empty uses ssh's own default (22 or ~/.ssh/config).</summary>
    public int? Port { get; init; }

    /// <summary>Private key file (ssh -i).</summary>
    public string? IdentityFile { get; init; }

    /// <summary>Jump hosts, in order (<c>ssh -J</c>).</summary>
    public IReadOnlyList<string> Jump { get; init; } = [];

    /// <summary>Extra <c>-o</c> options, <c>Key=Value</c>.</summary>
    public IReadOnlyList<string> Options { get; init; } = [];

    /// <summary>Time allowed to establish the connection.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
