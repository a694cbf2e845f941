namespace SacOperator.Model;

/// <summary>
/// How the operator reaches its node helper on an ssh Host (decision 0025): the same <c>sacop</c>
/// binary run there as <c>sacop node &lt;verb&gt; --home &lt;home&gt;</c>, which starts, observes and
/// signals that machine's agents with its own local code.
/// </summary>
public sealed record HostNodeSpec
{
    /// <summary>argv of <c>sacop</c> on the host (a path, or a name its non-login shell finds on PATH).</summary>
    public IReadOnlyList<string> Command { get; init; } = ["sacop"];

    /// <summary>The operator home on the host (runtime directories, logs); <c>~/</c> is the remote user's home.</summary>
    public string Home { get; init; } = "~/.sacop";

    /// <summary>Time between two observations of the host's agents (one round trip for all of them).</summary>
    public TimeSpan ObserveInterval { get; init; } = TimeSpan.FromSeconds(2);
}
