using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>
/// Converges one resource. Receives a key, never an event: it reads desired and actual state,
/// acts, and writes status. Must be idempotent. Throwing retries with rate-limited backoff;
/// throwing <see cref="TerminalReconcileException"/> records the failure without retrying.
/// </summary>
public interface IReconciler
{
    Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken);
}
