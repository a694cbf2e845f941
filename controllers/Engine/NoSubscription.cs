namespace SacOperator.Engine;

/// <summary>What a source that delivers nothing after start returns from <see cref="IEventSource.Start"/>.</summary>
public sealed class NoSubscription : IDisposable
{
    public static readonly NoSubscription Instance = new();

    private NoSubscription()
    {
    }

    public void Dispose()
    {
    }
}
