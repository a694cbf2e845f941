using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>The Claude Code argv for each session case, against golden files in testdata/argv.</summary>
[TestFixture]
public sealed class AgentSessionArgvGoldenTests
{
    private const string RecordedId = "3d0c8a52-1f7e-4b8a-9c2d-5e6f7a8b9c0d";

    private static readonly AgentSpec Fresh = new() { Claude = new ClaudeSpec { Model = "sonnet", Flags = ["--dangerously-skip-permissions"] } };

    [Test]
    public void Build_FreshFirstStart_CreatesTheRecordedSession()
    {
        var session = new ClaudeSession(RecordedId, Resume: false);

        Check("fresh-first.txt", AgentCommand.Build(Fresh, session));
    }

    [Test]
    public void Build_FreshLaterStart_ResumesTheRecordedSession()
    {
        var session = AgentCommand.SessionFor(Fresh, RecordedId, started: true);

        Check("fresh-resume.txt", AgentCommand.Build(Fresh, session));
    }

    [Test]
    public void Build_Continue_KeepsSacSemanticsAndIgnoresARecordedSession()
    {
        var spec = new AgentSpec { Claude = new ClaudeSpec { Session = ClaudeSessions.Continue } };

        AgentCommand.SessionFor(spec, RecordedId, started: true).Should().BeNull();
        Check("continue.txt", AgentCommand.Build(spec, AgentCommand.SessionFor(spec, RecordedId, started: true)));
    }

    [Test]
    public void Build_FreshWithoutRecordedId_CreatesANewSessionId()
    {
        var session = AgentCommand.SessionFor(Fresh, recordedId: null, started: false);

        session.Should().NotBeNull();
        session!.Resume.Should().BeFalse();
        Guid.TryParse(session.Id, out _).Should().BeTrue();
        var argv = AgentCommand.Build(Fresh, session).Select(a => a == session.Id ? "<new-uuid>" : a);
        Check("new-session.txt", argv);
    }

    [Test]
    public void SessionFor_RecordedButNeverStarted_ReusesTheIdWithoutResuming()
    {
        var session = AgentCommand.SessionFor(Fresh, RecordedId, started: false);

        session.Should().Be(new ClaudeSession(RecordedId, Resume: false));
    }

    [Test]
    public void SessionFor_CommandAgent_HasNoSession()
    {
        AgentCommand.SessionFor(new AgentSpec { Command = ["bash", "-c", "true"] }, RecordedId, started: true).Should().BeNull();
    }

    private static void Check(string file, IEnumerable<string> argv) =>
        Golden.Check(Path.Combine(Repo.TestData, "argv"), file, string.Join("\n", argv) + "\n");
}
