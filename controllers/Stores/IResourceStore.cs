namespace SacOperator.Stores;

/// <summary>
/// A source of desired state (a watched directory, or the Kubernetes API). It fills a
/// <see cref="ResourceCache"/>; controllers read the cache and wait for the initial sync before
/// they start, so they never act on a partial picture (and never delete what is merely unread).
/// </summary>
public interface IResourceStore
{
    string Name { get; }

    ResourceCache Cache { get; }

    /// <summary>True once the initial sync is done and while the store sees all of its source.</summary>
    bool HasSynced { get; }

    /// <summary>Why <see cref="HasSynced"/> is false, in one sentence; null while it is true.</summary>
    string? NotSyncedReason => HasSynced ? null : $"store '{Name}' has not finished its initial sync";

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Runs until cancelled: initial sync, then watching.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
