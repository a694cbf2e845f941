namespace SacOperator.Model;

/// <summary>
/// sac's per-agent A2A inbound (<c>spec.a2a</c>): the operator serves <c>POST /v1/turn</c> for the
/// agent on <see cref="Host"/>:<see cref="Port"/>, with sac's request and response shapes. Not part
/// of the process: changing it never restarts the agent.
/// </summary>
public sealed record A2aSpec
{
    public const string Loopback = "127.0.0.1";

    /// <summary>Always a loopback address: like sac's sidecar, the inbound asks for no credentials.</summary>
    public string Host { get; init; } = Loopback;

    /// <summary>A pinned port; null is sac's <c>auto</c>: one from the operator's range, kept for the agent.</summary>
    public int? Port { get; init; }
}
