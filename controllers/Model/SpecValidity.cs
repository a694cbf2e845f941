namespace SacOperator.Model;

/// <summary>What every controller reports for a resource whose spec does not read.</summary>
public static class SpecValidity
{
    public const string InvalidReason = "InvalidSpec";

    /// <summary>
    /// <paramref name="empty"/> (the kind's status, with any field the controller always sets) in
    /// phase Invalid with the errors, and the SpecValid condition False, its transition time kept
    /// while the spec stays invalid.
    /// </summary>
    public static ResourceStatus Invalid(ResourceStatus empty, IEnumerable<Condition>? previous, string errors, long generation, DateTimeOffset now)
    {
        var condition = Conditions.Next(previous, AgentConditions.SpecValid, ConditionStatus.False, InvalidReason, errors, generation, now);
        return empty with
        {
            ObservedGeneration = generation,
            Phase = AgentPhases.Invalid,
            Reason = condition.Reason,
            Message = errors,
            Conditions = [condition],
        };
    }
}
