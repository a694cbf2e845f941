using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Decisions on what the agent depends on (decision 0015): a run is restarted when the image
/// digest or the account's credential identity it was started with and the observed one are both
/// known and differ; a value the record lacks (a run started by an older operator, or a digest not
/// known at start) is recorded as the baseline without a restart. A host that reports not ready
/// gets no start.
/// </summary>
public static partial class AgentPlanner
{
    private static AgentPlan? PlanDependencyChange(AgentObservation o, AgentRecord record, AgentSpec spec, List<PlannedEvent> events)
    {
        var image = o.Dependencies.Image;
        if (Changed(record.ImageDigest, image?.Digest))
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.ImageChanged,
                $"image {image!.Reference} changed ({Short(record.ImageDigest!)} → {Short(image.Digest!)}); restarting the agent with the new image"));
            return Stop(o, record, spec, StopIntents.SpecChanged, AgentPhases.Restarting, AgentReasons.ImageChanged,
                $"image {image.Reference} changed; restarting", events);
        }

        var account = o.Dependencies.Account;
        if (Changed(record.CredentialIdentity, account?.CredentialIdentity))
        {
            events.Add(new PlannedEvent(EventTypes.Normal, AgentReasons.CredentialsChanged,
                $"account {account!.Name} points at other credentials ({Short(record.CredentialIdentity!)} → {Short(account.CredentialIdentity!)}); restarting the agent with them"));
            return Stop(o, record, spec, StopIntents.SpecChanged, AgentPhases.Restarting, AgentReasons.CredentialsChanged,
                $"account {account.Name} changed credentials; restarting", events);
        }

        return null;
    }

    private static AgentRecord WithDependencyBaseline(AgentObservation o, AgentRecord record) =>
        (record.ImageDigest is null && o.Dependencies.Image?.Digest is { } digest) || (record.CredentialIdentity is null && o.Dependencies.Account?.CredentialIdentity is { } identity)
            ? record with
            {
                ImageDigest = record.ImageDigest ?? o.Dependencies.Image?.Digest,
                CredentialIdentity = record.CredentialIdentity ?? o.Dependencies.Account?.CredentialIdentity,
            }
            : record;

    private static AgentPlan PlanHostNotReady(AgentObservation o, AgentRecord? record, List<PlannedEvent> events)
    {
        var host = o.Dependencies.Host;
        var why = host.Message is { Length: > 0 } message ? $": {message}" : host.Reason is { Length: > 0 } reason ? $" ({reason})" : "";
        return new AgentPlan
        {
            Record = record,
            Phase = AgentPhases.Pending,
            Reason = AgentReasons.HostNotReady,
            Message = $"host '{host.Name}' is not ready{why}; the agent starts when it is",
            Ready = false,
            Events = events,
            RequeueAfter = RuntimeRecheck,
        };
    }

    private static bool Changed(string? recorded, string? observed) => recorded is not null && observed is not null && recorded != observed;

    private static string Short(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        var hex = colon < 0 ? digest : digest[(colon + 1)..];
        return hex.Length <= 12 ? hex : hex[..12];
    }
}
