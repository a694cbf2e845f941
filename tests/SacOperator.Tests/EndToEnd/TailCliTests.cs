using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>What a sac user types to read transcripts (<c>sac agents tail NAME... -n K --json</c>) works on the built sacop.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class TailCliTests : IDisposable
{
    private readonly TempDirectory _dir = new("tail-cli");
    private readonly SacopCli _cli;

    public TailCliTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _dir.Write("home/runtime/lead/session.jsonl", "{\"n\":1,\"agent\":\"lead\"}\n{\"n\":2,\"agent\":\"lead\"}\n");
        _dir.Write("home/runtime/worker/session.jsonl", "{\"n\":1,\"agent\":\"worker\"}\n{\"n\":2,\"agent\":\"worker\"}\n");
    }

    public void Dispose() => _dir.Dispose();

    [Test]
    public async Task Tail_TwoAgentsWithSacsFlags_PrintsTheLastLinesOfEachUnderAHeader()
    {
        var tail = await _cli.RunAsync("tail", "lead", "worker", "-n", "1", "--json");

        tail.ExitCode.Should().Be(0, tail.ToString());
        tail.Stdout.Should().Be("==> lead <==\n{\"n\":2,\"agent\":\"lead\"}\n\n==> worker <==\n{\"n\":2,\"agent\":\"worker\"}\n");
    }

    [Test]
    public async Task Logs_OneAgentWithLines_IsTheSameAsTail()
    {
        var logs = await _cli.RunAsync("logs", "lead", "--lines", "1");
        var tail = await _cli.RunAsync("tail", "lead", "-n", "1");

        logs.Stdout.Should().Be("{\"n\":2,\"agent\":\"lead\"}\n");
        tail.Stdout.Should().Be(logs.Stdout);
    }

    [Test]
    public async Task Tail_FollowWithTwoAgents_IsAUsageError()
    {
        var tail = await _cli.RunAsync("tail", "lead", "worker", "-f");

        tail.ExitCode.Should().Be(2, tail.ToString());
        tail.Stderr.Should().Contain("--follow takes one agent");
    }
}
