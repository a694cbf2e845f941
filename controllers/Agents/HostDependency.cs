namespace SacOperator.Agents;

/// <param name="Name">The Host the agent names (<c>local</c> when none).</param>
/// <param name="Ready">False only when the Host's status says so (its Ready condition is False).</param>
/// <param name="Reason">The Ready condition's reason when not ready.</param>
/// <param name="Message">The Ready condition's message when not ready.</param>
public sealed record HostDependency(string Name, bool Ready, string? Reason = null, string? Message = null)
{
    public static readonly HostDependency Local = new("local", Ready: true);
}
