using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>
/// The operator in-process with real agent processes: what an Agent depends on (its Account, its
/// Host, the image file it runs) reaches the planner through the reconciler and the node
/// (decision 0015). A changed Account or Host re-enqueues its Agents by itself; a rebuilt image
/// file is no resource change, so a relabel (which reconciles without changing the spec hash)
/// stands in for the Image controller's status change there.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentDependencyIntegrationTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;

    [SetUp]
    public async Task StartOperator() => _operator = await OperatorHarness.StartAsync();

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    [Test]
    public async Task AccountPointedAtOtherCredentials_RestartsTheAgent_WithCredentialsChanged()
    {
        var first = Directory.CreateDirectory(_operator.Dir.Combine("creds-a")).FullName;
        var second = Directory.CreateDirectory(_operator.Dir.Combine("creds-b")).FullName;
        var accountKey = new ResourceKey(ResourceKinds.Account, "", "team");
        _operator.WriteSpec("account.yaml", Account(first));
        await _operator.Status.WaitForDesiredAsync(accountKey, d => d?.Resource is Account).WithTimeout();
        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a", extra: "  account: team\n"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        _operator.WriteSpec("account.yaml", Account(second));
        await _operator.Status.WaitForDesiredAsync(accountKey, d => (d?.Resource as Account)?.Spec.Credentials.Directory == second).WithTimeout();
        var restarted = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != running.Pid);

        restarted.RestartCount.Should().Be(1);
        _operator.Events("a").Should().Contain(e => e.Reason == "CredentialsChanged" && e.Message.Contains("account team"));
        _operator.Events("a").Should().NotContain(e => e.Reason == "SpecChanged");
    }

    [Test]
    public async Task HostReportedNotReady_AgentIsNotStarted_UntilTheHostIsReady()
    {
        var hostKey = new ResourceKey(ResourceKinds.Host, "", "node1");
        _operator.WriteSpec("host.yaml", """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Host
            metadata:
              name: node1
            spec:
              address: local
            """);
        await _operator.Status.WaitForDesiredAsync(hostKey, d => d?.Resource is Host).WithTimeout();
        await _operator.Status.WriteAsync(hostKey, null, new HostStatus
        {
            Phase = "NotReady",
            Conditions = [new Condition { Type = AgentConditions.Ready, Status = ConditionStatus.False, Reason = "ApptainerMissing", Message = "apptainer not found on PATH" }],
        }, CancellationToken.None);

        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a", extra: "  host: node1\n"));
        var pending = await _operator.WaitForAgentAsync("a", s => s.Reason == "HostNotReady");
        await _operator.Status.WriteAsync(hostKey, null, new HostStatus
        {
            Phase = "Ready",
            Conditions = [new Condition { Type = AgentConditions.Ready, Status = ConditionStatus.True, Reason = "Probed" }],
        }, CancellationToken.None);
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        pending.Phase.Should().Be(AgentPhases.Pending);
        pending.Pid.Should().BeNull();
        pending.Message.Should().Contain("host 'node1' is not ready: apptainer not found on PATH");
        running.Pid.Should().NotBeNull("the host's status change re-enqueues the agent, which then starts");
    }

    [Test]
    public async Task ImageFileRebuilt_RestartsTheApptainerAgent_WithImageChanged()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        var digests = _operator.Services.GetRequiredService<LocalNodeFiles>().Digests;
        var image = _operator.Dir.Write("images/agent.sif", "stand-in image, build 1");
        var built = await digests.GetAsync(image);
        _operator.WriteSpec("boxed.yaml", Boxed(image, labels: ""));
        var running = await _operator.WaitForAgentAsync("boxed", s => s.Phase == AgentPhases.Running);

        var rebuilt = _operator.Dir.Write("images/agent.sif.new", "stand-in image, build 2");
        File.Move(rebuilt, image, overwrite: true);
        var rebuiltDigest = await digests.GetAsync(image);
        _operator.WriteSpec("boxed.yaml", Boxed(image, labels: "  labels:\n    team: blue\n"));
        var restarted = await _operator.WaitForAgentAsync("boxed", s => s.Phase == AgentPhases.Running && s.Pid != running.Pid);

        var (before, after) = (built![7..19], rebuiltDigest![7..19]);
        rebuiltDigest.Should().NotBe(built);
        restarted.RestartCount.Should().Be(1);
        _operator.Events("boxed").Should().Contain(e => e.Reason == "ImageChanged" && e.Message.Contains(before) && e.Message.Contains(after));
    }

    private static string Boxed(string image, string labels) => $$"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: boxed
        {{labels}}spec:
          runtime: apptainer
          image: {{image}}
          command: ["sleep", "600"]
        """;

    private static string Account(string directory) => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Account
        metadata:
          name: team
        spec:
          credentials:
            directory: {directory}
        """;
}
