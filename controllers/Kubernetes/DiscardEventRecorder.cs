using SacOperator.Model;
using SacOperator.Status;

namespace SacOperator.Kubernetes;

/// <summary>Keeps no local copy: for the cluster-wide controllers, whose events live only in the API.</summary>
public sealed class DiscardEventRecorder : IEventRecorder
{
    public void Record(ResourceKey key, string type, string reason, string message)
    {
    }
}
