using SacOperator.Model;

namespace SacOperator.Status;

/// <summary>Value equality of statuses, including their condition lists (records compare lists by reference).</summary>
public static class StatusEquality
{
    public static bool Same(ResourceStatus? a, ResourceStatus? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.GetType() == b.GetType()
            && a.Conditions.SequenceEqual(b.Conditions)
            && (a is not ImageStatus ia || ia.Versions.SequenceEqual(((ImageStatus)b).Versions))
            && (a is not HostStatus ha || ha.PlacedAgents.SequenceEqual(((HostStatus)b).PlacedAgents))
            && Strip(a).Equals(Strip(b));
    }

    /// <summary>Without its lists (compared above element by element).</summary>
    private static ResourceStatus Strip(ResourceStatus status) =>
        status switch
        {
            ImageStatus image => image with { Conditions = [], Versions = [] },
            HostStatus host => host with { Conditions = [], PlacedAgents = [] },
            _ => status with { Conditions = [] },
        };
}
