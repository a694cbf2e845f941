using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>The built sacop's verbs on a Kubernetes-mode home, where agents have namespaces.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class NamespacedCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("ns-cli");
    private readonly SacopCli _cli;

    public NamespacedCliTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        using var state = StateStore.Open(_dir.Combine("home", "state.db"));
        foreach (var (ns, name) in new[] { ("team-a", "solo"), ("team-a", "twin"), ("team-b", "twin") })
        {
            var key = ResourceKey.Agent(name, ns);
            state.PutResource(new ResourceRow
            {
                Key = key,
                Source = "kubernetes",
                Generation = 1,
                StatusJson = ModelJson.Serialize(new AgentStatus { Phase = AgentPhases.Running, Message = $"in {ns}" }),
            });
            state.RecordEvent(new EventEntry { Key = key, Type = EventTypes.Normal, Reason = "Started", Message = $"started {ns}/{name}" });
            _dir.Write(Path.Combine("home", "runtime", ns, name, "session.jsonl"), $"{{\"agent\":\"{ns}/{name}\"}}\n");
        }
    }

    public void Dispose() => _dir.Dispose();

    [Test]
    public async Task Get_NamespacedAgents_ShowNamespaceAndName_AndFilterByNamespace()
    {
        var all = await _cli.RunAsync("get", "agents");
        var teamB = await _cli.RunAsync("get", "agents", "-n", "team-b");

        all.Stdout.Should().Contain("team-a/solo").And.Contain("team-a/twin").And.Contain("team-b/twin");
        teamB.Stdout.Should().Contain("team-b/twin").And.NotContain("team-a/");
    }

    [Test]
    public async Task DescribeAndLogs_UniqueName_NeedNoNamespace()
    {
        var describe = await _cli.RunAsync("describe", "agent", "solo");
        var logs = await _cli.RunAsync("logs", "solo");

        describe.ExitCode.Should().Be(0, describe.ToString());
        describe.Stdout.Should().Contain("in team-a");
        logs.Stdout.Should().Contain("team-a/solo");
    }

    [Test]
    public async Task Describe_NameInTwoNamespaces_AsksForTheNamespace()
    {
        var ambiguous = await _cli.RunAsync("describe", "agent", "twin");
        var chosen = await _cli.RunAsync("describe", "agent", "twin", "-n", "team-b");

        ambiguous.ExitCode.Should().Be(2);
        ambiguous.Stderr.Should().Contain("team-a, team-b").And.Contain("--namespace");
        chosen.Stdout.Should().Contain("in team-b");
    }

    [Test]
    public async Task Events_WithNamespace_OnlyThatAgent()
    {
        var events = await _cli.RunAsync("events", "twin", "-n", "team-a");

        events.Stdout.Should().Contain("started team-a/twin").And.NotContain("started team-b/twin");
    }
}
