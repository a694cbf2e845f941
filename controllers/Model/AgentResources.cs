namespace SacOperator.Model;

/// <summary>What an agent takes on its host, for placement (not enforced on the process).</summary>
public sealed record AgentResources
{
    /// <summary>CPUs the agent needs free on its host.</summary>
    public int? Cpus { get; init; }

    /// <summary>Bytes of memory the agent needs free on its host; manifests may write quantities such as 4Gi.</summary>
    public long? Memory { get; init; }
}
