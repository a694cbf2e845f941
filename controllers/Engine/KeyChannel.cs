using SacOperator.Model;

namespace SacOperator.Engine;

/// <summary>
/// An enqueue handle for facts that arrive outside any store: process exits, probe verdicts,
/// restart requests (and, later, stream events and quota readings). Producers receive it through
/// their constructor and call <see cref="Enqueue"/>; a controller reads it through a
/// <see cref="ChannelSource"/>. Keys enqueued before the controller attached are kept (once each)
/// and delivered when it does, so an exit seen during start-up is not lost.
/// </summary>
public sealed class KeyChannel(string name)
{
    private readonly Lock _lock = new();
    private readonly HashSet<ResourceKey> _pending = [];
    private Action<ResourceKey>? _target;

    /// <summary>For logs and diagnostics: which controller's facts travel here.</summary>
    public string Name { get; } = name;

    public void Enqueue(ResourceKey key)
    {
        Action<ResourceKey>? target;
        lock (_lock)
        {
            target = _target;
            if (target is null)
            {
                _pending.Add(key);
                return;
            }
        }

        target(key);
    }

    /// <summary>Connects the channel to one consumer and hands it what was enqueued meanwhile; disposing disconnects it.</summary>
    public IDisposable Attach(Action<ResourceKey> target)
    {
        ResourceKey[] pending;
        lock (_lock)
        {
            if (_target is not null)
            {
                throw new InvalidOperationException($"key channel '{Name}' already feeds a controller");
            }

            _target = target;
            pending = [.. _pending];
            _pending.Clear();
        }

        foreach (var key in pending)
        {
            target(key);
        }

        return new Detach(this, target);
    }

    private sealed class Detach(KeyChannel channel, Action<ResourceKey> target) : IDisposable
    {
        public void Dispose()
        {
            lock (channel._lock)
            {
                if (channel._target == target)
                {
                    channel._target = null;
                }
            }
        }
    }
}
