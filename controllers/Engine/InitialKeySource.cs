using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>Adds the keys an <see cref="IKeySource"/> knows for <paramref name="kind"/> at start; delivers nothing afterwards.</summary>
public sealed class InitialKeySource(IKeySource keys, string kind) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => NoSubscription.Instance;

    public Task<IEnumerable<ResourceKey>> InitialKeysAsync(CancellationToken cancellationToken) => keys.InitialKeysAsync(kind, cancellationToken);
}
