using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>Builds the reported status from a plan, keeping condition transition times stable while nothing changes.</summary>
public static class AgentStatusBuilder
{
    public static AgentStatus Build(
        AgentStatus? previous,
        AgentPlan plan,
        AgentRecord? record,
        long generation,
        DateTimeOffset now,
        string? source,
        string? host)
    {
        var ready = plan.Ready switch
        {
            true => ConditionStatus.True,
            false => ConditionStatus.False,
            null => ConditionStatus.Unknown,
        };
        var conditions = new List<Condition>
        {
            Conditions.Next(previous?.Conditions, AgentConditions.Ready, ready, plan.Reason, plan.Message, generation, now),
            Conditions.Next(previous?.Conditions, AgentConditions.CrashLoop, ConditionStatus.Of(plan.Phase == AgentPhases.CrashLoopBackOff),
                plan.Phase == AgentPhases.CrashLoopBackOff ? AgentReasons.CrashLoopBackOff : "NotCrashLooping",
                plan.Phase == AgentPhases.CrashLoopBackOff ? plan.Message : "", generation, now),
            Conditions.Next(previous?.Conditions, AgentConditions.Suspended, ConditionStatus.Of(plan.Phase == AgentPhases.Frozen),
                plan.Phase == AgentPhases.Frozen ? AgentReasons.Suspended : "NotSuspended", "", generation, now),
            Conditions.Next(previous?.Conditions, AgentConditions.SpecValid, ConditionStatus.Of(plan.Phase != AgentPhases.Invalid),
                plan.Phase == AgentPhases.Invalid ? AgentReasons.InvalidSpec : "Valid",
                plan.Phase == AgentPhases.Invalid ? plan.Message : "", generation, now),
        };
        if (plan.Healthy is { } healthy)
        {
            conditions.Add(Conditions.Next(previous?.Conditions, AgentConditions.Healthy, ConditionStatus.Of(healthy),
                plan.HealthyReason ?? AgentReasons.Healthy, healthy ? "" : plan.Message, generation, now));
        }

        if (plan.Reason == AgentReasons.ImageNotReady || previous?.Conditions.Any(c => c.Type == AgentConditions.ImageReady) == true)
        {
            var waiting = plan.Reason == AgentReasons.ImageNotReady;
            conditions.Add(Conditions.Next(previous?.Conditions, AgentConditions.ImageReady, ConditionStatus.Of(!waiting),
                waiting ? AgentReasons.ImageNotReady : "ImageAvailable", waiting ? plan.Message : "", generation, now));
        }

        return new AgentStatus
        {
            ObservedGeneration = generation,
            Phase = plan.Phase,
            Reason = plan.Reason,
            Message = plan.Message.Length == 0 ? null : plan.Message,
            Conditions = conditions,
            RestartCount = record?.RestartCount ?? 0,
            Pid = record?.Pid,
            InstanceName = record?.InstanceName,
            Runtime = record?.Runtime,
            Host = host,
            StartedAt = record?.Pid is null ? null : record.StartedAt,
            LastExitCode = record?.LastExitCode,
            LastExitTime = record?.LastExitAt,
            NextRestartTime = plan.Phase is AgentPhases.Restarting or AgentPhases.CrashLoopBackOff or AgentPhases.Failed ? record?.NextStartAt : null,
            Source = source,
        };
    }
}
