using System.Collections.Concurrent;
using System.Security.Cryptography;
using SacOperator.State;

namespace SacOperator.Nodes;

/// <summary>
/// sha256 of image files, cached by the file's identity (path, device, inode, size, modification
/// time): an unchanged file is hashed once per operator lifetime, a replaced or rewritten one again.
/// Hashing a multi-gigabyte SIF takes seconds, so it runs off the reconcile path: until it is done
/// the digest is unknown (null), and a later reconcile sees it.
/// </summary>
public sealed class ArtifactDigests
{
    private readonly ConcurrentDictionary<Identity, Lazy<Task<string?>>> _digests = new();

    /// <summary>The digest of the file at <paramref name="path"/>, or null while unknown (being hashed, unreadable, not a regular file).</summary>
    public string? Get(string path)
    {
        if (Of(path) is not { } identity)
        {
            return null;
        }

        var task = _digests.GetOrAdd(identity, id => new Lazy<Task<string?>>(() => Task.Run(() => Hash(id)))).Value;
        if (!task.IsCompleted)
        {
            return null;
        }

        if (task.Result is null)
        {
            // Unreadable this time: try again on the next call rather than caching the failure.
            _digests.TryRemove(identity, out _);
        }

        return task.Result;
    }

    /// <summary>Completes when the digest of the file as it is now is known (for callers that can wait).</summary>
    public async Task<string?> GetAsync(string path)
    {
        if (Of(path) is not { } identity)
        {
            return null;
        }

        return await _digests.GetOrAdd(identity, id => new Lazy<Task<string?>>(() => Task.Run(() => Hash(id)))).Value.ConfigureAwait(false);
    }

    private static Identity? Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists && FileIdentity.Of(path) is { } file
            ? new Identity(info.FullName, file, info.Length, info.LastWriteTimeUtc.Ticks)
            : null;
    }

    private static string? Hash(Identity identity)
    {
        try
        {
            using var stream = new FileStream(identity.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 20);
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private readonly record struct Identity(string Path, FileIdentity File, long Length, long ModifiedTicks);
}
