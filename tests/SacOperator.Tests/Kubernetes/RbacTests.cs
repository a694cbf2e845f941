using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Api;
using SacOperator.Kubernetes.Config;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.TestSupport;
using static SacOperator.Tests.Kubernetes.KubernetesOperatorHarness;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The RBAC in manifests/ is exactly what the operators use: a host operator and the cluster-wide
/// controllers run through a whole Agent life under those rules only (every request outside them
/// is refused with 403), and every verb the rules grant is used at least once.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("Kubernetes")]
public sealed class RbacTests
{
    private static readonly string[] RbacFiles =
    [
        Path.Combine(Repo.Root, "manifests", "kubernetes", "rbac-host.yaml"),
        Path.Combine(Repo.Root, "manifests", "kubernetes", "rbac-controller.yaml"),
    ];

    private readonly Dictionary<string, RbacPolicy> _policies = new()
    {
        ["host-token"] = RbacPolicy.ForServiceAccount("sacoperator-system", "sacop-host", RbacFiles),
        ["controller-token"] = RbacPolicy.ForServiceAccount("sacoperator-system", "sacop-controller", RbacFiles),
    };

    private readonly ConcurrentDictionary<(string Token, string Verb, string Group, string Resource), bool> _used = new();
    private readonly ConcurrentBag<FakeAccess> _denied = [];

    private bool Authorize(FakeAccess access)
    {
        if (access.Token == "admin")
        {
            return true;
        }

        var allowed = access.Token is not null && _policies.TryGetValue(access.Token, out var policy) && policy.Allows(access);
        if (allowed)
        {
            _used[(access.Token!, access.Verb, access.Group, access.Resource)] = true;
        }
        else
        {
            _denied.Add(access);
        }

        return allowed;
    }

    private static Func<Operator.Hosting.KubernetesRunOptions, Operator.Hosting.KubernetesRunOptions> As(string token, bool clusterWide) => k => k with
    {
        Connection = k.Connection with { Credentials = new ClientCredentials { Token = token } },
        ClusterWide = clusterWide,
        RunAgents = !clusterWide,
    };

    private static JsonObject Object(string name, string spec) =>
        new() { ["metadata"] = new JsonObject { ["name"] = name }, ["spec"] = JsonNode.Parse(spec) };

    [Test]
    public async Task Operators_UnderTheManifestRules_ConvergeAndUseEveryGrantedVerb()
    {
        await using var server = await FakeApiServer.StartAsync(new FakeApiOptions { Authorize = Authorize });
        var cluster = server.Cluster;
        var agents = cluster.Type(ApiResources.Agents);
        foreach (var (resource, name, spec) in new[]
        {
            (ApiResources.Images, "base", """{"source":{"uri":"docker://example/base"}}"""),
            (ApiResources.Hosts, "node1", """{"address":"local"}"""),
            (ApiResources.Accounts, "team", """{"credentials":{"envVar":"ANTHROPIC_API_KEY"}}"""),
        })
        {
            // One conflict each on the status writes of the cluster-wide controllers: the re-read path is part of what they do.
            server.FailNext("PATCH", $"/{resource.Plural}/{name}/status", 409);
            cluster.Create(cluster.Type(resource), "default", Object(name, spec), FieldValidation.Strict, "kubectl");
        }

        server.FailNext("PATCH", "/agents/unplaced/status", 409);
        server.FailNext("PATCH", "/agents/pinned", 409);
        await using var host = await StartAsync(server, As("host-token", clusterWide: false));
        await host.WaitForHostLeaseAsync();
        await using var controller = await StartAsync(server, As("controller-token", clusterWide: true));
        host.Apply("unplaced", """{"runtime":"local","command":["sleep","1000"]}""");
        host.Apply("pinned", """{"host":"node1","runtime":"local","command":["sleep","1000"]}""");
        await host.WaitForAgentAsync("unplaced", a => Phase(a) == "Running");
        await host.WaitForAgentAsync("pinned", a => Phase(a) == "Running");
        foreach (var resource in new[] { ApiResources.Images, ApiResources.Hosts, ApiResources.Accounts })
        {
            var name = cluster.List(cluster.Type(resource), "default", null).Items.Single()["metadata"]!["name"]!.GetValue<string>();
            // Accounts have their own controller (an API-key account with no quota source is Available); the others are still accepted passively.
            var phase = resource == ApiResources.Accounts ? "Available" : "Accepted";
            await cluster.WaitAsync(cluster.Type(resource), "default", name, o => o?["status"]?["phase"]?.GetValue<string>() == phase).WithTimeout();
        }

        cluster.Delete(agents, "default", "pinned");
        await host.WaitForAgentAsync("pinned", a => a is null);
        await server.Requests.WaitAsync(r => r.Method == "POST" && r.Path.EndsWith("/events", StringComparison.Ordinal) && r.Authorization == "Bearer host-token").WithTimeout();
        await host.StopOperatorAsync();
        await controller.StopOperatorAsync();

        _denied.Should().BeEmpty("the operators must need nothing beyond manifests/kubernetes/rbac-*.yaml");
        foreach (var (token, policy) in _policies)
        {
            var used = _used.Keys.Where(k => k.Token == token).Select(k => (k.Verb, k.Group, k.Resource)).ToHashSet();
            policy.Grants.Except(used).Should().BeEmpty($"every verb granted to {token[..^6]} should be used (least privilege)");
        }
    }
}
