using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Leases;

/// <summary>The spec of a <c>coordination.k8s.io/v1</c> Lease: who holds it and since when.</summary>
public sealed record LeaseRecord
{
    /// <summary>Empty when released.</summary>
    public string HolderIdentity { get; init; } = "";

    public int LeaseDurationSeconds { get; init; }

    public DateTimeOffset? AcquireTime { get; init; }

    public DateTimeOffset? RenewTime { get; init; }

    public int LeaseTransitions { get; init; }

    public static LeaseRecord From(JsonObject lease)
    {
        var spec = lease["spec"] as JsonObject;
        return new LeaseRecord
        {
            HolderIdentity = spec?["holderIdentity"]?.GetValue<string>() ?? "",
            LeaseDurationSeconds = spec?["leaseDurationSeconds"]?.GetValue<int>() ?? 0,
            AcquireTime = MicroTime.Parse(spec?["acquireTime"]?.GetValue<string>()),
            RenewTime = MicroTime.Parse(spec?["renewTime"]?.GetValue<string>()),
            LeaseTransitions = spec?["leaseTransitions"]?.GetValue<int>() ?? 0,
        };
    }

    public JsonObject ToSpec()
    {
        var spec = new JsonObject
        {
            ["holderIdentity"] = HolderIdentity,
            ["leaseDurationSeconds"] = LeaseDurationSeconds,
            ["leaseTransitions"] = LeaseTransitions,
        };
        if (AcquireTime is { } acquired)
        {
            spec["acquireTime"] = MicroTime.Format(acquired);
        }

        if (RenewTime is { } renewed)
        {
            spec["renewTime"] = MicroTime.Format(renewed);
        }

        return spec;
    }
}
