using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Status;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LocalStatusWriterTests : IDisposable
{
    private const string Secret = "sk-ant-api03-LocalStatusWriterTests0123456789";

    private readonly TempDirectory _dir = new("status");
    private readonly StateStore _state;
    private readonly LocalStatusWriter _writer;

    public LocalStatusWriterTests()
    {
        _state = StateStore.Open(_dir.Combine("state.db"));
        _writer = new LocalStatusWriter(_state, new ManualTimeProvider(new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.Zero)));
    }

    public void Dispose()
    {
        _state.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task WriteAsync_AgentWithSecretEnv_StoresTheSpecWithTheSecretMasked()
    {
        var desired = Desired(Secret);

        await _writer.WriteAsync(desired.Key, desired, new AgentStatus { Phase = AgentPhases.Running }, CancellationToken.None);

        var row = _state.GetResource(desired.Key)!;
        row.ObjectJson.Should().NotContain(Secret).And.Contain("\"ANTHROPIC_API_KEY\":\"***\"").And.Contain("\"TZ\":\"UTC\"");
    }

    [Test]
    public async Task WriteAsync_OnlyTheSecretChanged_BumpsTheGeneration()
    {
        var status = new AgentStatus { Phase = AgentPhases.Running };
        var first = Desired(Secret);
        await _writer.WriteAsync(first.Key, first, status, CancellationToken.None);

        var second = Desired(Secret + "-rotated");
        await _writer.WriteAsync(second.Key, second, status, CancellationToken.None);

        _state.GetResource(first.Key)!.Generation.Should().Be(2, "the stored JSON is the same once masked, but the spec is not");
    }

    [Test]
    public async Task Changes_RaisedForANewOrChangedStatusAndADelete_NotForTheSameStatusOrASpecOnlyChange()
    {
        var raised = new List<ResourceKey>();
        using var subscription = _writer.Changes.Subscribe(raised.Add);
        var first = Desired(Secret);
        var second = Desired(Secret + "-rotated");

        await _writer.WriteAsync(first.Key, first, new AgentStatus { Phase = AgentPhases.Running }, CancellationToken.None);
        await _writer.WriteAsync(first.Key, first, new AgentStatus { Phase = AgentPhases.Running }, CancellationToken.None);
        await _writer.WriteAsync(second.Key, second, new AgentStatus { Phase = AgentPhases.Running }, CancellationToken.None);
        var afterSame = raised.Count;
        await _writer.WriteAsync(first.Key, first, new AgentStatus { Phase = AgentPhases.Failed }, CancellationToken.None);
        await _writer.DeleteAsync(first.Key, first, CancellationToken.None);
        await _writer.DeleteAsync(first.Key, first, CancellationToken.None);

        afterSame.Should().Be(1, "the same status written again, even with a new spec (written to the DB), changes no status");
        raised.Should().Equal(first.Key, first.Key, first.Key);
    }

    private static StoredResource Desired(string secret)
    {
        var agent = new Agent
        {
            Metadata = new ObjectMeta { Name = "keyed" },
            Spec = new AgentSpec
            {
                Runtime = AgentRuntimes.Local,
                Command = ["sleep", "60"],
                Env = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = secret, ["TZ"] = "UTC" },
            },
        };
        return new StoredResource { Key = agent.Key, Resource = agent, Source = "/specs/keyed.yaml", ContentHash = secret };
    }
}
