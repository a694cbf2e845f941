using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>Keys from a <see cref="KeyChannel"/> into the controller's queue, as they come.</summary>
public sealed class ChannelSource(KeyChannel channel) : IEventSource
{
    public IDisposable Start(Action<ResourceKey> enqueue) => channel.Attach(enqueue);
}
