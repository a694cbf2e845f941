using SacOperator.Kubernetes.Config;

namespace SacOperator.Kubernetes.Exec;

/// <summary>
/// The current credential of one exec plugin, shared by every request. The plugin runs when
/// there is none yet, when it has passed its <c>expirationTimestamp</c>, or when the server
/// rejected it (401); concurrent callers join the one run instead of starting their own. A run
/// is not tied to the request that started it (an interactive login may take longer than a
/// request's timeout); it ends early only when the source is disposed.
/// </summary>
public sealed class ExecCredentialSource(ExecPlugin plugin, ExecPluginRunner runner, TimeProvider time) : IDisposable
{
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ExecCredential? _current;
    private Task<ExecCredential>? _running;

    public ExecPlugin Plugin => plugin;

    /// <summary>The cached credential while it is unexpired; else a fresh one from the plugin.</summary>
    public Task<ExecCredential> GetAsync(CancellationToken cancellationToken) => GetAsync(rejected: null, cancellationToken);

    /// <summary>
    /// A credential other than <paramref name="rejected"/>: runs the plugin again unless another
    /// caller already replaced the rejected one.
    /// </summary>
    public Task<ExecCredential> RefreshAsync(ExecCredential rejected, CancellationToken cancellationToken) => GetAsync(rejected, cancellationToken);

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private Task<ExecCredential> GetAsync(ExecCredential? rejected, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_current is { } current && !ReferenceEquals(current, rejected) && !current.IsExpired(time.GetUtcNow()))
            {
                return Task.FromResult(current);
            }

            // Task.Run: the run never completes inside this lock, so it always finds _running set.
            _running ??= Task.Run(RunAsync, CancellationToken.None);
            return _running.WaitAsync(cancellationToken);
        }
    }

    private async Task<ExecCredential> RunAsync()
    {
        try
        {
            var fresh = await runner.RunAsync(plugin, _stopping.Token).ConfigureAwait(false);
            lock (_lock)
            {
                _current = fresh;
            }

            return fresh;
        }
        finally
        {
            lock (_lock)
            {
                _running = null;
            }
        }
    }
}
