using SacOperator.Model;
using SacOperator.Status;

namespace SacOperator.Engine;

/// <summary>
/// Status changes of one kind, as raised by a status writer (or by a store that sees another
/// process write them): an Image built, an Account exhausted, a Host gone. Desired-state changes
/// do not pass through here. Usually wrapped in a <see cref="MappedSource"/>.
/// </summary>
public sealed class StatusSource(StatusChanges changes, string kind) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => changes.Subscribe(key =>
    {
        if (key.Kind == kind)
        {
            enqueue(key);
        }
    });
}
