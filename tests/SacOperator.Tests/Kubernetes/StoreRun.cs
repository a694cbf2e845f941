using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Telemetry;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>A <see cref="KubernetesStore"/> on a stand-in server, running in the background; tests await its cache notifications.</summary>
public sealed class StoreRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<ResourceKey> _notified = Channel.CreateUnbounded<ResourceKey>();
    private readonly IDisposable _subscription;
    private readonly Task _loop;

    public StoreRun(FakeApiServer server, Func<KubernetesStoreOptions, KubernetesStoreOptions>? configure = null)
    {
        Api = KubernetesApiTests.Client(server);
        var options = new KubernetesStoreOptions { InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200), Jitter = () => 0.5 };
        Store = new KubernetesStore(Api, configure?.Invoke(options) ?? options, TimeProvider.System, new SacMetrics(), new KubernetesMetrics(), NullLogger<KubernetesStore>.Instance);
        _subscription = Store.Cache.Subscribe(key => _notified.Writer.TryWrite(key));
        _loop = Task.Run(() => Store.RunAsync(_stop.Token));
    }

    public KubernetesApi Api { get; }

    public KubernetesStore Store { get; }

    /// <summary>Keys notified so far and not yet taken.</summary>
    public List<ResourceKey> Drain()
    {
        var keys = new List<ResourceKey>();
        while (_notified.Reader.TryRead(out var key))
        {
            keys.Add(key);
        }

        return keys;
    }

    public async Task<ResourceKey> NextNotificationAsync() => await _notified.Reader.ReadAsync().AsTask().WithTimeout();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _subscription.Dispose();
        Api.Dispose();
        _stop.Dispose();
    }
}
