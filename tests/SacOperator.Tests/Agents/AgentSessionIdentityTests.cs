using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>
/// Durable session identity, with the operator in-process, the real state DB and a stand-in for
/// Claude Code (tests/standins/claude-standin) that records the argv of every start.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentSessionIdentityTests
{
    private static string Spec(string argvFile, string executable = "claude-standin", string prompts = "[\"hello there\"]") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: a
        spec:
          runtime: local
          claude:
            executable: {executable}
          startupPrompts: {prompts}
          env:
            CLAUDE_STANDIN_ARGV: {argvFile}
          terminationGracePeriod: 2s
          restart:
            policy: always
            maxRetries: -1
            backoff:
              initial: 100ms
              max: 1s
        """;

    [Test]
    public async Task FreshSession_FirstStartCreatesTheRecordedId_RestartResumesItWithoutPrompts()
    {
        await using var op = await OperatorHarness.StartAsync();
        var argvFile = op.Dir.Combine("argv.txt");
        op.WriteSpec("a.yaml", Spec(argvFile));
        var first = await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        var session = AgentPaths.For(op.Home, ResourceKey.Agent("a")).Session;
        await Eventually.Until(() => Read(session), s => s.Contains("\"type\":\"result\""), "the startup prompt's reply");
        var id = op.Services.GetRequiredService<StateStore>().GetAgent(ResourceKey.Agent("a"))!.SessionId;

        LibC.kill(first.Pid!.Value, LibC.SIGKILL);
        await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != first.Pid);
        var starts = await Eventually.Until(() => Lines(argvFile), l => l.Length == 2, "the second start");

        Guid.TryParse(id, out _).Should().BeTrue();
        starts[0].Should().EndWith($"--session-id {id}");
        starts[1].Should().EndWith($"--resume {id}");
        Read(session).Split('\n').Count(l => l.Contains("\"type\":\"result\"")).Should().Be(1, "startup prompts are not repeated on resume");
    }

    [Test]
    public async Task FreshSession_KilledBeforeItsFirstTurn_NextStartCreatesTheSameIdInsteadOfResumingNothing()
    {
        await using var op = await OperatorHarness.StartAsync();
        var argvFile = op.Dir.Combine("argv.txt");
        op.WriteSpec("a.yaml", Spec(argvFile, prompts: "[]"));
        var first = await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        await Eventually.Until(() => Lines(argvFile), l => l.Length == 1, "the first start");

        LibC.kill(first.Pid!.Value, LibC.SIGKILL);
        await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != first.Pid);
        var starts = await Eventually.Until(() => Lines(argvFile), l => l.Length == 2, "the second start");

        var id = op.Services.GetRequiredService<StateStore>().GetAgent(ResourceKey.Agent("a"))!.SessionId;
        starts.Should().Equal([$"{starts[0]}", $"{starts[0]}"], "Claude Code saved no session before a turn, so --resume would find nothing");
        starts[0].Should().EndWith($"--session-id {id}");
    }

    [Test]
    public async Task RestartNewSession_RequestedThroughTheStateDb_StartsANewIdWithItsPrompts_AndLeavesTheOldOne()
    {
        // Arrange: a session that has had its first turn.
        await using var op = await OperatorHarness.StartAsync();
        var argvFile = op.Dir.Combine("argv.txt");
        op.WriteSpec("a.yaml", Spec(argvFile));
        var key = ResourceKey.Agent("a");
        var first = await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        var session = AgentPaths.For(op.Home, key).Session;
        await Eventually.Until(() => Read(session), s => s.Contains("\"type\":\"result\""), "the startup prompt's reply");
        var store = op.Services.GetRequiredService<StateStore>();
        var oldId = store.GetAgent(key)!.SessionId;

        // Act: what `sacop restart --new-session` leaves for a running operator.
        store.AddRequest(key, ActionRequest.RestartNewSession);
        await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != first.Pid);
        var starts = await Eventually.Until(() => Lines(argvFile), l => l.Length == 2, "the second start");
        await Eventually.Until(() => Read(session), s => s.Split('\n').Count(l => l.Contains("\"type\":\"result\"")) == 2,
            "the startup prompt answered again in the new session");

        // Assert
        var newId = store.GetAgent(key)!.SessionId;
        newId.Should().NotBeNull().And.NotBe(oldId);
        starts[0].Should().EndWith($"--session-id {oldId}");
        starts[1].Should().EndWith($"--session-id {newId}", "a new session is created, not the old one resumed");
        store.ListEvents(key, 50).Should().Contain(e => e.Message == "restart requested with a new session");
    }

    [Test]
    public async Task KilledBetweenIntentAndSpawn_NextStartCreatesTheSameSessionId()
    {
        // Arrange: what an operator killed right after writing the launch intent leaves in the DB.
        var dir = new TempDirectory("operator");
        var recordedId = "6b1d2c3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e";
        Directory.CreateDirectory(dir.Combine("home"));
        using (var store = StateStore.Open(Path.Combine(dir.Combine("home"), "state.db")))
        {
            store.PutAgent(new AgentRecord
            {
                Key = ResourceKey.Agent("a"),
                InstanceName = AgentPaths.InstanceName(ResourceKey.Agent("a")),
                Runtime = AgentRuntimes.Local,
                LaunchId = LaunchMarker.NewLaunchId(),
                Launching = true,
                SessionId = recordedId,
            });
        }

        // Act
        await using var op = await OperatorHarness.StartAsync(dir);
        var argvFile = op.Dir.Combine("argv.txt");
        op.WriteSpec("a.yaml", Spec(argvFile));
        await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        var starts = await Eventually.Until(() => Lines(argvFile), l => l.Length == 1, "the start");

        // Assert
        starts[0].Should().EndWith($"--session-id {recordedId}");
        var record = op.Services.GetRequiredService<StateStore>().GetAgent(ResourceKey.Agent("a"))!;
        record.SessionId.Should().Be(recordedId);
        record.SessionStarted.Should().BeTrue();
    }

    [Test]
    public async Task FailedSpawn_SessionIdWasRecordedBeforeIt_AndTheNextStartCreatesThatId()
    {
        await using var op = await OperatorHarness.StartAsync();
        var argvFile = op.Dir.Combine("argv.txt");
        op.WriteSpec("a.yaml", Spec(argvFile, executable: "no-such-claude-binary"));
        var key = ResourceKey.Agent("a");
        var store = op.Services.GetRequiredService<StateStore>();

        var failed = await Eventually.Until(() => store.GetAgent(key), r => r is { StartFailures: > 0 }, "the failed spawn to be recorded");
        op.WriteSpec("a.yaml", Spec(argvFile));
        await op.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        var starts = await Eventually.Until(() => Lines(argvFile), l => l.Length == 1, "the start");

        failed!.SessionId.Should().NotBeNull("the id is written with the launch intent, before the spawn");
        failed.SessionStarted.Should().BeFalse();
        starts[0].Should().EndWith($"--session-id {failed.SessionId}");
    }

    private static string Read(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static string[] Lines(string path) => Read(path).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
