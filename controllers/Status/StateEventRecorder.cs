using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Status;

/// <summary>Events into the state DB (what <c>sacop events</c> reads).</summary>
public sealed class StateEventRecorder(StateStore state, TimeProvider time) : IEventRecorder
{
    public void Record(ResourceKey key, string type, string reason, string message) =>
        state.RecordEvent(new EventEntry
        {
            Key = key,
            Type = type,
            Reason = reason,
            Message = StatusText.Cap(message),
            FirstTimestamp = time.GetUtcNow(),
            LastTimestamp = time.GetUtcNow(),
        });
}
