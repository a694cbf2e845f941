using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>Keys from durable traces in Kubernetes mode: namespaced records, runtime/&lt;ns&gt;/&lt;name&gt; and sac-&lt;ns&gt;-&lt;name&gt; instances.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentKeySourceTests : IDisposable
{
    private readonly TempDirectory _dir = new("keys");
    private readonly StateStore _state;

    public AgentKeySourceTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"));
    }

    public void Dispose()
    {
        _state.Dispose();
        _dir.Dispose();
    }

    private sealed class InstancesRuntime(params string[] instances) : IAgentRuntime
    {
        public string Name => "apptainer";

        public RuntimeCheck Check() => RuntimeCheck.Ok;

        public Task<StartedAgent> StartAsync(AgentLaunch launch, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task CleanupAsync(string instanceName, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<IReadOnlySet<string>> ListInstancesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlySet<string>>(instances.ToHashSet());

        public Task<CommandResult> ExecAsync(AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private AgentKeySource Source(bool namespaced, params string[] instances) => new(
        _state,
        new AgentControllerOptions { OperatorHome = _dir.Path, HostName = "node1", Namespaced = namespaced },
        new RuntimeRegistry([new InstancesRuntime(instances)]),
        new LaunchInventory(_dir.Path));

    private void RuntimeDir(params string[] parts) => _dir.Write(Path.Combine(["runtime", .. parts, "instance.json"]), "{}");

    [Test]
    public async Task InitialKeys_Namespaced_ReadsRecordsAndTwoLevelRuntimeDirectories()
    {
        _state.PutAgent(new AgentRecord { Key = ResourceKey.Agent("from-db", "team-a"), InstanceName = "sac-team-a-from-db", Runtime = "local" });
        RuntimeDir("team-b", "from-dir");

        var keys = await Source(namespaced: true).InitialKeysAsync(ResourceKinds.Agent, CancellationToken.None);

        keys.Should().BeEquivalentTo([ResourceKey.Agent("from-db", "team-a"), ResourceKey.Agent("from-dir", "team-b")]);
    }

    [Test]
    public async Task InitialKeys_NamespacedInstanceOfAKnownNamespace_MapsToThatKeyOnly()
    {
        RuntimeDir("team-a", "other");

        var keys = await Source(namespaced: true, "sac-team-a-worker-1").InitialKeysAsync(ResourceKinds.Agent, CancellationToken.None);

        keys.Should().BeEquivalentTo([ResourceKey.Agent("other", "team-a"), ResourceKey.Agent("worker-1", "team-a")]);
    }

    [Test]
    public async Task InitialKeys_NamespacedInstanceOfAnUnknownNamespace_MapsToEverySplit()
    {
        var keys = await Source(namespaced: true, "sac-ns-a-b").InitialKeysAsync(ResourceKinds.Agent, CancellationToken.None);

        keys.Should().BeEquivalentTo([ResourceKey.Agent("a-b", "ns"), ResourceKey.Agent("b", "ns-a")]);
    }

    [Test]
    public async Task InitialKeys_DirectoryMode_KeepsOneLevelNames()
    {
        RuntimeDir("plain");

        var keys = await Source(namespaced: false, "sac-x-y").InitialKeysAsync(ResourceKinds.Agent, CancellationToken.None);

        keys.Should().BeEquivalentTo([ResourceKey.Agent("plain"), ResourceKey.Agent("x-y")]);
    }
}
