using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Leases;

namespace SacOperator.Kubernetes.Placement;

/// <summary>
/// Hosts whose operator is up: a <c>sacop-host-&lt;host&gt;</c> Lease that is held and was renewed
/// within its duration. The listing is cached briefly, so placing many Agents costs one request.
/// Lease names are lower case, so host names compare case-insensitively everywhere.
/// </summary>
public sealed class LiveHosts(IKubernetesApi api, PlacementOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<string> _hosts = [];
    private DateTimeOffset _listedAt = DateTimeOffset.MinValue;

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            if (now - _listedAt < options.HostListTtl)
            {
                return _hosts;
            }

            var prefix = LeaseOptions.HeartbeatName("");
            var leases = await api.ListAsync(ApiResources.Leases, options.LeaseNamespace, null, cancellationToken).ConfigureAwait(false);
            _hosts = [.. leases.Items
                .Where(l => ObjectJson.Name(l)?.StartsWith(prefix, StringComparison.Ordinal) == true)
                .Select(l => (Name: ObjectJson.Name(l)![prefix.Length..], Record: LeaseRecord.From(l)))
                .Where(l => l.Record.HolderIdentity.Length > 0 && l.Record.RenewTime is { } renewed && renewed + TimeSpan.FromSeconds(l.Record.LeaseDurationSeconds) > now)
                .Select(l => l.Name)
                .Order(StringComparer.Ordinal)];
            _listedAt = now;
            return _hosts;
        }
        finally
        {
            _lock.Release();
        }
    }
}
