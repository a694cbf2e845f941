using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Config;
using SacOperator.Operator.Hosting;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The real operator (the composition root of <c>sacop run --kubernetes</c>) in-process against the
/// stand-in API server, on a temp home. Disposing stops it, then kills every agent recorded under
/// its home (<see cref="StopOperatorAsync"/> stops it and leaves them running).
/// </summary>
public sealed class KubernetesOperatorHarness : IAsyncDisposable
{
    private readonly TempDirectory _dir;
    private readonly bool _ownsDir;
    private readonly IHost _host;

    private KubernetesOperatorHarness(TempDirectory dir, bool ownsDir, FakeApiServer server, IHost host, OperatorOptions options)
    {
        _dir = dir;
        _ownsDir = ownsDir;
        Server = server;
        _host = host;
        Options = options;
    }

    public FakeApiServer Server { get; }

    public OperatorOptions Options { get; }

    public IServiceProvider Services => _host.Services;

    public FakeCluster Cluster => Server.Cluster;

    public static FakeResourceType AgentType(FakeCluster cluster) => cluster.Type(ApiResources.Agents);

    public TempDirectory Dir => _dir;

    /// <param name="dir">An existing operator directory (to restart an operator on its home); a new one when null.</param>
    public static async Task<KubernetesOperatorHarness> StartAsync(
        FakeApiServer server, Func<KubernetesRunOptions, KubernetesRunOptions>? configure = null, string host = "node1", TempDirectory? dir = null)
    {
        var ownsDir = dir is null;
        dir ??= new TempDirectory("k8s-operator");
        var kubernetes = new KubernetesRunOptions
        {
            Connection = new KubernetesConnection { Server = server.Uri, Source = "stand-in" },
            Identity = $"test-{Guid.NewGuid():N}"[..13],
            Watch = new KubernetesStoreOptions { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(500) },
        };
        var options = new OperatorOptions
        {
            Home = dir.Combine("home"),
            AgentsDirs = [],
            HostName = host,
            Kubernetes = configure?.Invoke(kubernetes) ?? kubernetes,
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = $"{Repo.StandIns}:/usr/local/bin:/usr/bin:/bin",
                ["HOME"] = dir.Path,
            },
            LogLevel = "Warning",
        };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("SACOP_TEST_LOGS") == "1")
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Debug);
        }

        builder.Services.AddOperator(options);
        var built = builder.Build();
        await built.StartAsync().WithTimeout();
        return new KubernetesOperatorHarness(dir, ownsDir, server, built, options);
    }

    /// <summary>Creates (or replaces the spec of) an Agent as a user's kubectl apply would.</summary>
    public JsonObject Apply(string name, string specYaml, string ns = "default")
    {
        var spec = YamlJson.Parse(specYaml)!.AsObject();
        var type = AgentType(Cluster);
        if (Cluster.Peek(type, ns, name) is null)
        {
            return Cluster.Create(type, ns, new JsonObject
            {
                ["apiVersion"] = type.ApiVersion,
                ["kind"] = type.Kind,
                ["metadata"] = new JsonObject { ["name"] = name },
                ["spec"] = spec,
            }, FieldValidation.Strict, "kubectl");
        }

        return Cluster.Update(type, ns, name, current =>
        {
            current["spec"] = spec;
            return current;
        }, statusOnly: false, FieldValidation.Strict, "kubectl");
    }

    public Task<JsonObject?> WaitForAgentAsync(string name, Func<JsonObject?, bool> predicate, string ns = "default") =>
        Cluster.WaitAsync(AgentType(Cluster), ns, name, predicate).WithTimeout();

    /// <summary>Completes once this operator holds its host's heartbeat Lease (placement only chooses hosts that do).</summary>
    public Task WaitForHostLeaseAsync() => Cluster.WaitAsync(Cluster.Type(ApiResources.Leases), Options.Kubernetes!.LeaseNamespace,
        $"sacop-host-{Options.HostName.ToLowerInvariant()}",
        l => l?["spec"]?["holderIdentity"]?.GetValue<string>() is { Length: > 0 }).WithTimeout();

    public static string? Phase(JsonObject? agent) => agent?["status"]?["phase"]?.GetValue<string>();

    public static int? Pid(JsonObject? agent) => agent?["status"]?["pid"]?.GetValue<int>();

    /// <summary>Stops the operator but leaves its agents running (as an upgrade or a crash would).</summary>
    public async Task StopOperatorAsync()
    {
        await _host.StopAsync().WithTimeout();
        _host.Dispose();
    }

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync().WithTimeout();
        }
        catch (ObjectDisposedException)
        {
        }

        _host.Dispose();
        OperatorHarness.KillAgents(Options.Home);
        if (_ownsDir)
        {
            _dir.Dispose();
        }
    }
}
