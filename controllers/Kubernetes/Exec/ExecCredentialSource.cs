using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Exec;

/// <summary>
/// The current credential of one exec plugin, shared by every request. The plugin runs when
/// there is none yet, when it has passed its <c>expirationTimestamp</c>, or when the server
/// rejected it (401); concurrent callers wait for the one run instead of starting their own.
/// </summary>
public sealed class ExecCredentialSource(ExecPlugin plugin, ExecPluginRunner runner, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ExecCredential? _current;

    public ExecPlugin Plugin => plugin;

    /// <summary>The cached credential while it is unexpired; else a fresh one from the plugin.</summary>
    public Task<ExecCredential> GetAsync(CancellationToken cancellationToken) =>
        RunAsync(current => current is not null && !current.IsExpired(time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// A credential other than <paramref name="rejected"/>: runs the plugin again unless another
    /// caller already replaced the rejected one.
    /// </summary>
    public Task<ExecCredential> RefreshAsync(ExecCredential rejected, CancellationToken cancellationToken) =>
        RunAsync(current => current is not null && !ReferenceEquals(current, rejected) && !current.IsExpired(time.GetUtcNow()), cancellationToken);

    public void Dispose() => _gate.Dispose();

    private async Task<ExecCredential> RunAsync(Func<ExecCredential?, bool> usable, CancellationToken cancellationToken)
    {
        var seen = Volatile.Read(ref _current);
        if (usable(seen))
        {
            return seen!;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (usable(_current))
            {
                return _current!;
            }

            var fresh = await runner.RunAsync(plugin, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _current, fresh);
            return fresh;
        }
        finally
        {
            _gate.Release();
        }
    }
}
