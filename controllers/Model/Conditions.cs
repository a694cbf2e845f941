namespace SacOperator.Model;

/// <summary>Builds conditions the way Kubernetes' meta.SetStatusCondition does.</summary>
public static class Conditions
{
    /// <summary>
    /// The condition as it stands now: <see cref="Condition.LastTransitionTime"/> is carried over from the
    /// previous condition of the same type when its status did not change, and is <paramref name="now"/> otherwise.
    /// </summary>
    public static Condition Next(
        IEnumerable<Condition>? previous, string type, string status, string reason, string message, long generation, DateTimeOffset now)
    {
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new Condition
        {
            Type = type,
            Status = status,
            Reason = reason,
            Message = message,
            LastTransitionTime = before is not null && before.Status == status ? before.LastTransitionTime : now,
            ObservedGeneration = generation,
        };
    }
}
