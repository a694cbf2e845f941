using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Tests.TestSupport;

/// <summary>A store the test fills by hand and declares synced when it chooses (no files, no watch).</summary>
public sealed class ManualStore : IResourceStore
{
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _syncAwaited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name => "fake";

    public ResourceCache Cache { get; } = new();

    public bool HasSynced => _synced.Task.IsCompleted;

    /// <summary>Completes when someone starts waiting for the initial sync.</summary>
    public Task SyncAwaited => _syncAwaited.Task;

    public Task WaitForSyncAsync(CancellationToken cancellationToken)
    {
        _syncAwaited.TrySetResult();
        return _synced.Task.WaitAsync(cancellationToken);
    }

    public Task RunAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void CompleteSync() => _synced.TrySetResult();

    public void Put(ResourceKey key, string hash = "v1") =>
        Cache.Apply([new(key, new StoredResource { Key = key, Source = "test", ContentHash = hash })]);

    /// <summary>Puts a parsed resource (what mapped sources read), under its own key.</summary>
    public void Put(Resource resource, string hash = "v1") =>
        Cache.Apply([new(resource.Key, new StoredResource { Key = resource.Key, Source = "test", ContentHash = hash, Resource = resource })]);

    public void Remove(ResourceKey key) => Cache.Apply([new(key, null)]);
}
