namespace SacOperator.Kubernetes.Leases;

/// <summary>
/// Why the operator stopped itself over a Lease (leadership lost, host lease taken over), if it
/// did: <c>sacop run</c> then exits with a failure and this reason, so systemd and the Deployment
/// see a failed run, not a clean stop.
/// </summary>
public sealed class LeaseLoss
{
    private volatile string? _reason;

    public string? Reason => _reason;

    public void Record(string reason) => _reason ??= reason;
}
