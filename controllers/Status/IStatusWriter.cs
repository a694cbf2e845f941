using SacOperator.Model;
using SacOperator.Stores;

namespace SacOperator.Status;

/// <summary>
/// Where reconcilers report. Directory mode writes the state DB; Kubernetes mode also patches the
/// status subresource and manages the finalizer. Implementations skip writes that change nothing,
/// and raise <see cref="Changes"/> only for those that change the status.
/// </summary>
public interface IStatusWriter
{
    /// <summary>Raised after a write or delete that changed the reported status (never for an unchanged one).</summary>
    StatusChanges Changes { get; }

    /// <summary>The generation the status will be written against (derived from spec changes in directory mode).</summary>
    long GenerationOf(ResourceKey key, StoredResource? desired);

    /// <summary>The status last written for <paramref name="key"/>, if any.</summary>
    ResourceStatus? Current(ResourceKey key);

    Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken);

    /// <summary>Removes the reported resource once it is gone (and releases the finalizer in Kubernetes mode).</summary>
    Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken);

    /// <summary>Makes sure deletion will wait for cleanup (Kubernetes finalizer) before anything is started.</summary>
    Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken);
}
