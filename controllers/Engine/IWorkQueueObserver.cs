namespace SacOperator.Engine;

/// <summary>Receives queue measurements (depth, wait time, work time) without coupling the queue to a metrics library.</summary>
public interface IWorkQueueObserver
{
    void Added(string queue);

    /// <summary>An item left the queue for a worker after waiting <paramref name="waited"/>.</summary>
    void Started(string queue, TimeSpan waited);

    void Retried(string queue);
}
