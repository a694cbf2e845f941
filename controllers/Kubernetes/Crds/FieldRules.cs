using SacOperator.Model;

namespace SacOperator.Kubernetes.Crds;

/// <summary>
/// Enums, ranges and int-or-string fields of the schema, keyed by model property. Enum values
/// come from the same lists the readers check against; a test feeds every enum value and every
/// bound through the readers, so the CRD and the readers cannot disagree unnoticed.
/// </summary>
public static class FieldRules
{
    private static readonly FieldRule Port = new() { Minimum = 1, Maximum = 65535 };
    private static readonly FieldRule Percent = new() { Minimum = 0, Maximum = 100 };
    private static readonly FieldRule NonNegative = new() { Minimum = 0 };

    private static readonly Dictionary<(Type, string), FieldRule> Rules = new()
    {
        [(typeof(AgentSpec), nameof(AgentSpec.Runtime))] = new() { Enum = AgentRuntimes.All },
        [(typeof(AgentSpec), nameof(AgentSpec.Gpu))] = new() { Enum = GpuKinds.All },
        [(typeof(AgentSpec), nameof(AgentSpec.Env))] = new() { StringOrObjectValues = true },
        [(typeof(AgentSpec), nameof(AgentSpec.EnvFiles))] = new() { Merged = true },
        [(typeof(ClaudeSpec), nameof(ClaudeSpec.Session))] = new() { Enum = ClaudeSessions.All },
        [(typeof(HealthSpec), nameof(HealthSpec.Method))] = new() { Enum = HealthMethods.All },
        [(typeof(HealthSpec), nameof(HealthSpec.FailureThreshold))] = new() { Minimum = 1, Maximum = 1000 },
        [(typeof(HttpProbeSpec), nameof(HttpProbeSpec.Port))] = Port,
        [(typeof(HttpProbeSpec), nameof(HttpProbeSpec.Scheme))] = new() { Enum = ["http", "https"] },
        [(typeof(RestartSpec), nameof(RestartSpec.Policy))] = new() { Enum = RestartPolicies.All },
        [(typeof(RestartSpec), nameof(RestartSpec.MaxRetries))] = new() { Minimum = -1 },
        [(typeof(BackoffSpec), nameof(BackoffSpec.Multiplier))] = new() { Minimum = 1, Maximum = 100 },
        [(typeof(ImageSpec), nameof(ImageSpec.KeepVersions))] = new() { Minimum = 1, Maximum = 1000 },
        [(typeof(ImageRolloutSpec), nameof(ImageRolloutSpec.Mode))] = new() { Enum = RolloutModes.All },
        [(typeof(ImageRolloutSpec), nameof(ImageRolloutSpec.MaxUnavailable))] = new() { Minimum = 1, Maximum = 1000 },
        [(typeof(ImageRolloutSpec), nameof(ImageRolloutSpec.MinReadySeconds))] = new() { Minimum = 0, Maximum = 86400 },
        [(typeof(ImageRolloutSpec), nameof(ImageRolloutSpec.ProgressDeadlineSeconds))] = new() { Minimum = 1, Maximum = 604800 },
        [(typeof(HostCapacity), nameof(HostCapacity.Agents))] = NonNegative,
        [(typeof(HostCapacity), nameof(HostCapacity.Cpus))] = NonNegative,
        [(typeof(HostCapacity), nameof(HostCapacity.Gpus))] = NonNegative,
        [(typeof(HostCapacity), nameof(HostCapacity.Memory))] = new() { IntOrString = true },
        [(typeof(SshSpec), nameof(SshSpec.Port))] = Port,
        [(typeof(QuotaSpec), nameof(QuotaSpec.Source))] = new() { Enum = [.. QuotaSources.All] },
        [(typeof(QuotaSpec), nameof(QuotaSpec.FiveHourPercent))] = Percent,
        [(typeof(QuotaSpec), nameof(QuotaSpec.SevenDayPercent))] = Percent,
        [(typeof(Condition), nameof(Condition.Status))] = new() { Enum = [ConditionStatus.True, ConditionStatus.False, ConditionStatus.Unknown] },
    };

    public static IEnumerable<(Type Type, string Property)> Keys => Rules.Keys;

    public static FieldRule? For(Type type, string property) => Rules.GetValueOrDefault((type, property));
}
