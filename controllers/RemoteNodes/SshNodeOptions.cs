namespace SacOperator.RemoteNodes;

public sealed record SshNodeOptions
{
    /// <summary>The ssh client (a path, or a name looked up on PATH).</summary>
    public string Ssh { get; init; } = "ssh";

    /// <summary>The Host controller's control socket directory: node verbs share its master connections.</summary>
    public required string ControlDirectory { get; init; }

    /// <summary>This operator's home: agent paths computed under it are sent relative to it.</summary>
    public required string OperatorHome { get; init; }

    /// <summary>Time allowed for one verb, on top of the Host's connect timeout.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(20);
}
