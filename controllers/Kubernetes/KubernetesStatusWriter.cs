using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Kubernetes;

/// <summary>
/// Reports to the API server and to a local writer (the state DB, so <c>sacop get</c> works on
/// the host). Status goes through the <c>status</c> subresource as a merge patch computed against
/// the server's status, with the resourceVersion seen as a precondition: a 409 re-reads the
/// object and recomputes, never overwrites blindly. Writes that would change nothing are skipped.
/// The finalizer is added before anything starts and released only after cleanup, by a patch that
/// shutdown cannot cancel (an object left half-released would be stuck in deletion).
/// </summary>
public sealed partial class KubernetesStatusWriter(
    IStatusWriter local,
    IKubernetesApi api,
    ObservedObjects objects,
    TimeProvider time,
    ILogger<KubernetesStatusWriter> logger) : IStatusWriter
{
    /// <summary>Holds a deleted Agent until its process is stopped and its instance cleaned up.</summary>
    public const string Finalizer = "sacoperator.dev/cleanup";

    private const int MaxAttempts = 5;

    /// <summary>Bounds the uncancellable finalizer release, so a dead API server cannot hold shutdown forever.</summary>
    public static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The local writer's: it sees every status this writer reports, and compares it with the last one.</summary>
    public StatusChanges Changes => local.Changes;

    public long GenerationOf(ResourceKey key, StoredResource? desired) =>
        objects.Get(key) is { Generation: > 0 } observed ? observed.Generation : local.GenerationOf(key, desired);

    public ResourceStatus? Current(ResourceKey key)
    {
        if (local.Current(key) is { } mine)
        {
            return mine;
        }

        try
        {
            return objects.Get(key)?.Status is { } status ? ModelJson.DeserializeStatus(key.Kind, status.ToJsonString()) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task WriteAsync(ResourceKey key, StoredResource? desired, ResourceStatus status, CancellationToken cancellationToken)
    {
        status = StatusText.Capped(status);
        await local.WriteAsync(key, desired, status, cancellationToken).ConfigureAwait(false);
        var target = (JsonObject)JsonSerializer.SerializeToNode(status, status.GetType(), ModelJson.Options)!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (objects.Get(key) is not { } observed || JsonNode.DeepEquals(observed.Status, target))
            {
                return;
            }

            var patch = new JsonObject
            {
                ["metadata"] = new JsonObject { ["resourceVersion"] = observed.ResourceVersion },
                ["status"] = MergePatch.Diff(observed.Status, target),
            };
            if (await TryPatchAsync(key, patch, "status", cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException($"status of {key} still conflicted after {MaxAttempts} re-reads; retrying later");
    }

    public async Task EnsureFinalizerAsync(StoredResource desired, CancellationToken cancellationToken)
    {
        var key = desired.Key;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var observed = objects.Get(key) ?? await RefreshAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{key} no longer exists in the API; not starting it");
            if (observed.Finalizers.Contains(Finalizer))
            {
                return;
            }

            if (observed.Deleting)
            {
                throw new InvalidOperationException($"{key} is being deleted; not starting it");
            }

            if (await TryPatchAsync(key, FinalizersPatch(observed, [.. observed.Finalizers, Finalizer]), null, cancellationToken).ConfigureAwait(false))
            {
                LogFinalizerAdded(logger, key.ToString());
                return;
            }
        }

        throw new InvalidOperationException($"finalizer of {key} still conflicted after {MaxAttempts} re-reads; retrying later");
    }

    public async Task DeleteAsync(ResourceKey key, StoredResource? desired, CancellationToken cancellationToken)
    {
        await local.DeleteAsync(key, desired, cancellationToken).ConfigureAwait(false);
        if (objects.Get(key) is not { Deleting: true } observed || !observed.Finalizers.Contains(Finalizer))
        {
            // Not being deleted (gone already, or placed on another host now): nothing to release.
            return;
        }

        // Cleanup has succeeded by the time this runs; finish the release even during shutdown.
        using var timeout = new CancellationTokenSource(ReleaseTimeout, time);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            observed = objects.Get(key);
            if (observed is null || !observed.Finalizers.Contains(Finalizer))
            {
                return;
            }

            var patch = FinalizersPatch(observed, [.. observed.Finalizers.Where(f => f != Finalizer)]);
            if (await TryPatchAsync(key, patch, null, timeout.Token).ConfigureAwait(false))
            {
                LogFinalizerRemoved(logger, key.ToString());
                return;
            }
        }

        throw new InvalidOperationException($"releasing the finalizer of {key} still conflicted after {MaxAttempts} re-reads; retrying later");
    }

    /// <summary>True when the patch was applied, or the object is gone; false after a conflict (the object was re-read).</summary>
    private async Task<bool> TryPatchAsync(ResourceKey key, JsonObject patch, string? subresource, CancellationToken cancellationToken)
    {
        try
        {
            var updated = await api.PatchAsync(ApiResources.ForKind(key.Kind), key.Namespace, key.Name, patch, subresource, cancellationToken).ConfigureAwait(false);
            objects.Set(updated);
            return true;
        }
        catch (KubernetesApiException e) when (e.IsNotFound)
        {
            objects.Remove(key);
            return true;
        }
        catch (KubernetesApiException e) when (e.IsConflict)
        {
            LogConflict(logger, key.ToString(), subresource ?? "metadata");
            await RefreshAsync(key, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    private async Task<ObservedObject?> RefreshAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var fresh = await api.GetAsync(ApiResources.ForKind(key.Kind), key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        if (fresh is null)
        {
            objects.Remove(key);
            return null;
        }

        return objects.Set(fresh);
    }

    private static JsonObject FinalizersPatch(ObservedObject observed, IReadOnlyList<string> finalizers) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["resourceVersion"] = observed.ResourceVersion,
            ["finalizers"] = new JsonArray([.. finalizers.Select(f => (JsonNode)JsonValue.Create(f))]),
        },
    };

    [LoggerMessage(6030, LogLevel.Debug, "{Key}: {Part} changed on the server meanwhile (409); re-read it and retrying")]
    private static partial void LogConflict(ILogger logger, string key, string part);

    [LoggerMessage(6031, LogLevel.Information, "{Key}: added finalizer " + Finalizer)]
    private static partial void LogFinalizerAdded(ILogger logger, string key);

    [LoggerMessage(6032, LogLevel.Information, "{Key}: cleanup done; removed finalizer " + Finalizer)]
    private static partial void LogFinalizerRemoved(ILogger logger, string key);
}
