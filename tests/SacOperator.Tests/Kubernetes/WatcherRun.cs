using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Watching;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>A <see cref="ListWatcher"/> on the Agents of a stand-in server, running in the background; tests await what it yields.</summary>
public sealed class WatcherRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ObjectChange> _changes = Channel.CreateUnbounded<ObjectChange>();
    private readonly Task _loop;

    public WatcherRun(FakeApiServer server, Func<ListWatchOptions, ListWatchOptions>? configure = null)
    {
        Metrics = new KubernetesMetrics();
        Api = KubernetesApiTests.Client(server);
        var options = new ListWatchOptions
        {
            Resource = ApiResources.Agents,
            InitialBackoff = TimeSpan.FromMilliseconds(20),
            MaxBackoff = TimeSpan.FromMilliseconds(200),
        };
        Watcher = new ListWatcher(Api, configure?.Invoke(options) ?? options, TimeProvider.System, () => 0.5, Metrics, NullLogger.Instance);
        _loop = Task.Run(async () =>
        {
            await foreach (var change in Watcher.RunAsync(_stop.Token))
            {
                await _changes.Writer.WriteAsync(change);
            }
        });
    }

    public KubernetesApi Api { get; }

    public KubernetesMetrics Metrics { get; }

    public ListWatcher Watcher { get; }

    /// <summary>The next change the watcher yields.</summary>
    public async Task<ObjectChange> NextAsync() => await _changes.Reader.ReadAsync().AsTask().WithTimeout();

    /// <summary>Skips changes until one matches.</summary>
    public async Task<ObjectChange> NextAsync(Func<ObjectChange, bool> match)
    {
        while (true)
        {
            var change = await NextAsync();
            if (match(change))
            {
                return change;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        Api.Dispose();
        _stop.Dispose();
    }
}
