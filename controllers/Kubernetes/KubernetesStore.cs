using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Watching;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Kubernetes;

/// <summary>
/// Desired state from the Kubernetes API: one list-watch per kind feeding the shared
/// <see cref="ResourceCache"/>. Synced once every kind has been listed, so controllers never act
/// on a partial picture. Keys are namespaced. Only content changes notify (see
/// <see cref="ObjectConverter.ContentHash"/>); server-owned facts go to <see cref="Objects"/>, and a
/// changed <c>status</c> of an object already known (written by another operator, say the
/// cluster-wide leader) is raised on <see cref="StatusChanges"/>.
/// </summary>
public sealed partial class KubernetesStore : IResourceStore
{
    private readonly IKubernetesApi _api;
    private readonly KubernetesStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly SacMetrics _metrics;
    private readonly KubernetesMetrics _kubernetesMetrics;
    private readonly ILogger<KubernetesStore> _logger;
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<string> _syncedKinds = [];

    public KubernetesStore(
        IKubernetesApi api,
        KubernetesStoreOptions options,
        TimeProvider time,
        SacMetrics metrics,
        KubernetesMetrics kubernetesMetrics,
        ILogger<KubernetesStore> logger)
    {
        _api = api;
        _options = options;
        _time = time;
        _metrics = metrics;
        _kubernetesMetrics = kubernetesMetrics;
        _logger = logger;
        Cache.SubscriberFailed += (key, e) => LogSubscriberFailed(_logger, key.ToString(), e);
    }

    public string Name => ObjectConverter.Source;

    public ResourceCache Cache { get; } = new();

    public ObservedObjects Objects { get; } = new();

    /// <summary>Status changes seen through the watches (not our own writes, which set <see cref="Objects"/> first).</summary>
    public StatusChanges StatusChanges { get; } = new();

    public bool HasSynced => _synced.Task.IsCompletedSuccessfully;

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => _synced.Task.WaitAsync(cancellationToken);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_options.Kinds.Select(kind => Task.Run(() => RunKindAsync(kind, cancellationToken), cancellationToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunKindAsync(string kind, CancellationToken cancellationToken)
    {
        var watcher = new ListWatcher(
            _api,
            new ListWatchOptions
            {
                Resource = ApiResources.ForKind(kind),
                Namespace = _options.Namespace,
                SilenceTimeout = _options.SilenceTimeout,
                MinWatchTimeout = _options.MinWatchTimeout,
                InitialBackoff = _options.InitialBackoff,
                MaxBackoff = _options.MaxBackoff,
            },
            _time,
            _options.Jitter,
            _kubernetesMetrics,
            _logger);
        await foreach (var change in watcher.RunAsync(cancellationToken).ConfigureAwait(false))
        {
            Apply(kind, change);
        }
    }

    private void Apply(string kind, ObjectChange change)
    {
        switch (change.Type)
        {
            case ObjectChangeType.Replaced:
                var included = change.Objects.Where(Includes).Select(o => (Observed: ObservedObject.From(o), Stored: Convert(o))).ToList();
                var present = included.Select(i => i.Observed.Key).ToHashSet();
                var statusChanged = included.Where(i => StatusChanged(i.Observed)).Select(i => i.Observed.Key).ToList();
                Objects.ReplaceKind(kind, [.. included.Select(i => i.Observed)]);
                Cache.Apply([
                    .. included.Select(i => new KeyValuePair<ResourceKey, StoredResource?>(i.Observed.Key, i.Stored)),
                    .. Cache.Snapshot.OfKind(kind).Where(r => !present.Contains(r.Key)).Select(r => new KeyValuePair<ResourceKey, StoredResource?>(r.Key, null)),
                ]);
                MarkSynced(kind);
                statusChanged.ForEach(StatusChanges.Raise);
                break;
            case ObjectChangeType.Upserted when Includes(change.Objects[0]):
                var previous = Objects.Get(ObservedObject.KeyOf(change.Objects[0]));
                var observed = Objects.Set(change.Objects[0]);
                Cache.Apply([new(observed.Key, Convert(change.Objects[0]))]);
                if (previous is not null && !JsonNode.DeepEquals(previous.Status, observed.Status))
                {
                    StatusChanges.Raise(observed.Key);
                }

                break;
            case ObjectChangeType.Bookmarked:
                break;
            default:
                // Deleted, or no longer ours (an Agent placed on another host): gone from here.
                var key = ObservedObject.KeyOf(change.Objects[0]);
                Objects.Remove(key);
                Cache.Apply([new(key, null)]);
                break;
        }
    }

    /// <summary>True when an object seen before now reports another status (a new object is a desired-state change instead).</summary>
    private bool StatusChanged(ObservedObject observed) =>
        Objects.Get(observed.Key) is { } previous && !JsonNode.DeepEquals(previous.Status, observed.Status);

    private bool Includes(JsonObject obj) => _options.Assignment?.Includes(obj) ?? true;

    private StoredResource Convert(JsonObject obj)
    {
        try
        {
            return ObjectConverter.ToStored(obj);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One object the reader chokes on must not stop the watch: report it as invalid.
            var key = ObservedObject.KeyOf(obj);
            _metrics.StoreSyncErrors.Add(1, new KeyValuePair<string, object?>("store", Name));
            LogConvertFailed(_logger, key.ToString(), e);
            var problem = new Parsing.Diagnostic(Parsing.DiagnosticSeverity.Error, key.ToString(), 1, 1, "", $"cannot read the object: {e.Message}");
            return new StoredResource { Key = key, Diagnostics = [problem], Source = Name, ContentHash = ObjectConverter.ContentHash(obj) };
        }
    }

    private void MarkSynced(string kind)
    {
        lock (_syncedKinds)
        {
            if (_syncedKinds.Add(kind) && _syncedKinds.Count == _options.Kinds.Count)
            {
                LogSynced(_logger, _options.Namespace ?? "all namespaces", Cache.Snapshot.Count);
                _synced.TrySetResult();
            }
        }
    }

    [LoggerMessage(6020, LogLevel.Information, "Kubernetes store synced ({Namespace}): {Count} objects")]
    private static partial void LogSynced(ILogger logger, string @namespace, int count);

    [LoggerMessage(6021, LogLevel.Error, "Cannot read {Key} from the API; reporting it as invalid")]
    private static partial void LogConvertFailed(ILogger logger, string key, Exception exception);

    [LoggerMessage(6022, LogLevel.Error, "A cache subscriber failed for {Key}")]
    private static partial void LogSubscriberFailed(ILogger logger, string key, Exception exception);
}
