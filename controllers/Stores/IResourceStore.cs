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

    bool HasSynced { get; }

    Task WaitForSyncAsync(CancellationToken cancellationToken);

    /// <summary>Runs until cancelled: initial sync, then watching.</summary>
    Task RunAsync(CancellationToken cancellationToken);
}
