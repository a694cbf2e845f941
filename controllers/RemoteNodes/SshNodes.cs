using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Serialization;
using SacOperator.Stores;

namespace SacOperator.RemoteNodes;

/// <summary>
/// One <see cref="SshNode"/> per valid ssh Host resource, made when an agent first resolves it and
/// observed on <c>spec.node.observeInterval</c> until the Host is deleted or changed (a changed
/// connection, command or home makes a new node; placement edits do not). Directory mode only.
/// </summary>
public sealed class SshNodes(
    IResourceStore store, SshNodeOptions options, ChannelRunner runner, Action<ResourceKey> enqueue, TimeProvider time, ILogger<SshNodes> logger)
    : INodeSource, IHostedService, IDisposable
{
    private readonly ConcurrentDictionary<string, Entry> _nodes = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _creating = new();
    private int _disposed;

    public INode? Find(string host)
    {
        if (Current(host) is not { } spec)
        {
            return null;
        }

        var fingerprint = Fingerprint(spec);
        if (_nodes.TryGetValue(host, out var entry) && entry.Fingerprint == fingerprint)
        {
            return entry.Node;
        }

        lock (_creating)
        {
            if (_nodes.TryGetValue(host, out entry) && entry.Fingerprint == fingerprint)
            {
                return entry.Node;
            }

            try
            {
                entry?.Stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Its loop ended already.
            }

            var node = new SshNode(host, spec, options, runner, enqueue, time, logger);
            var created = new Entry(node, fingerprint, CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token));
            _nodes[host] = created;
            _ = ObserveAsync(created);
            return node;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            _stopping.Cancel();
        }

        return Task.CompletedTask;
    }

    /// <summary>Idempotent: the host disposes its services more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    /// <summary>The Host's spec while it names a reachable-by-ssh host; null for local, invalid or deleted Hosts.</summary>
    private HostSpec? Current(string host) =>
        store.Cache.Snapshot.Get(new ResourceKey(ResourceKinds.Host, "", host)) is { IsValid: true, DeletionRequested: false, Resource: Model.Host h }
        && !HostAddresses.IsLocal(h.Spec.Address)
            ? h.Spec
            : null;

    /// <summary>
    /// What makes a node another node: where and how it is reached, and the remote command and home.
    /// Placement settings are left out: a cordon, a drain or a capacity edit keeps the node and what
    /// it knows (starts in flight, strays being stopped); a new node would forget them.
    /// </summary>
    private static string Fingerprint(HostSpec spec) =>
        ModelJson.Serialize(spec with { Capacity = new HostCapacity(), Unschedulable = false, ProbeInterval = TimeSpan.Zero });

    private async Task ObserveAsync(Entry entry)
    {
        var token = entry.Stop.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                if (Current(entry.Node.Name) is not { } spec || Fingerprint(spec) != entry.Fingerprint)
                {
                    // Deleted or changed: the next resolve makes a node for the new spec.
                    _nodes.TryRemove(new KeyValuePair<string, Entry>(entry.Node.Name, entry));
                    return;
                }

                await entry.Node.ObserveOnceAsync(token).ConfigureAwait(false);
                await Task.Delay(entry.Node.Spec.Node.ObserveInterval, time, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        finally
        {
            entry.Stop.Dispose();
        }
    }

    private sealed record Entry(SshNode Node, string Fingerprint, CancellationTokenSource Stop);
}
