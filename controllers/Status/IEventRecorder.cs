using SacOperator.Model;

namespace SacOperator.Status;

public interface IEventRecorder
{
    /// <param name="type">Normal or Warning.</param>
    void Record(ResourceKey key, string type, string reason, string message);
}
