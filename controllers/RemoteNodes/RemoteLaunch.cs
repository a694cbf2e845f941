using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;

namespace SacOperator.RemoteNodes;

/// <summary>
/// What <c>sacop node start</c> reads on its stdin (never its command line: the spec may carry
/// secrets in <c>env</c>). Paths are not sent: the remote side derives them from its own home,
/// with the same relative layout, and stamps its own home digest into the launch marker.
/// </summary>
public sealed record RemoteLaunch
{
    /// <summary><c>name</c>, or <c>namespace/name</c> (as in the launch marker).</summary>
    public required string Agent { get; init; }

    public required string Runtime { get; init; }

    public required AgentSpec Spec { get; init; }

    public required string InstanceName { get; init; }

    /// <summary>Recorded in this operator's state DB before the start is sent (empty for an exec, which starts no agent).</summary>
    public required string LaunchId { get; init; }

    public string SpecHash { get; init; } = "";

    public string? SpecDirectory { get; init; }

    public ClaudeSession? Session { get; init; }

    public CredentialRef? Credentials { get; init; }

    public bool ReuseInstance { get; init; }

    public static RemoteLaunch From(string runtime, AgentLaunch launch) => new()
    {
        Agent = LaunchInventory.AgentId(launch.Key),
        Runtime = runtime,
        Spec = launch.Spec,
        InstanceName = launch.InstanceName,
        LaunchId = launch.Marker?.LaunchId ?? "",
        SpecHash = launch.Marker?.SpecHash ?? "",
        SpecDirectory = launch.SpecDirectory,
        Session = launch.Session,
        Credentials = launch.Credentials,
        ReuseInstance = launch.ReuseInstance,
    };

    /// <summary>The launch as the remote machine runs it: paths under <paramref name="home"/>, the marker of that home.</summary>
    public AgentLaunch ToLaunch(string home)
    {
        var key = RemoteAgents.KeyOf(Agent);
        return new AgentLaunch
        {
            Key = key,
            Spec = Spec,
            Paths = AgentPaths.For(home, key),
            InstanceName = InstanceName,
            SpecDirectory = SpecDirectory,
            Marker = new LaunchMarker(LaunchMarker.HomeDigest(home), Agent, LaunchId, SpecHash, Runtime),
            Session = Session,
            Credentials = Credentials,
            ReuseInstance = ReuseInstance,
        };
    }
}
