using FluentAssertions;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.CrashSafety;

/// <summary>An unreadable record or database never stops the operator from coming back, and never multiplies processes.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StateDbFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new("statedb");
    private readonly SacopCli _cli;

    public StateDbFailureTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        Directory.CreateDirectory(_cli.Home);
    }

    public void Dispose() => _dir.Dispose();

    private string DbPath => Path.Combine(_cli.Home, "state.db");

    [Test]
    public void ListAgents_RowsWithANegativeDurationAndWithGarbage_ReadsOneAndReportsTheOther()
    {
        using var state = StateStore.Open(DbPath);
        state.PutAgent(new AgentRecord { Key = ResourceKey.Agent("ok"), InstanceName = "sac-ok", Runtime = "local", LastUptime = TimeSpan.FromMilliseconds(-1) });
        using (var raw = new SqliteConnection($"Data Source={DbPath}"))
        {
            raw.Open();
            using var insert = raw.CreateCommand();
            insert.CommandText = "INSERT INTO agents(namespace, name, instance_name, runtime, record_json, updated_at) VALUES ('', 'bad', 'sac-bad', 'local', '{\"key\": 42', 'x')";
            insert.ExecuteNonQuery();
        }

        var agents = state.ListAgents();

        agents.Select(a => a.Key.Name).Should().Equal("ok");
        agents[0].LastUptime.Should().Be(TimeSpan.FromMilliseconds(-1));
        state.TakeUnreadable().Select(u => u.Key.Name).Should().Equal("bad");
    }

    [Test]
    public async Task Run_OnADatabaseOverwrittenWithGarbage_PrintsOneLineSayingWhatToDoAndExits1()
    {
        await File.WriteAllBytesAsync(DbPath, Enumerable.Range(0, 65536).Select(i => (byte)(i * 31 + 7)).ToArray());
        Directory.CreateDirectory(_dir.Combine("agents"));

        var run = await _cli.RunAsync("run", "--agents-dir", _dir.Combine("agents"), "--listen", "none");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Trim().Split('\n').Should().HaveCount(1, run.Stderr);
        run.Stderr.Should().Contain(DbPath).And.Contain("not a SQLite database").And.Contain("move it aside").And.NotContain(" at SacOperator");
    }

    [Test]
    public async Task Get_OnADatabaseOverwrittenWithGarbage_FailsWithAClearMessageAndLeavesTheFileAlone()
    {
        var garbage = Enumerable.Range(0, 65536).Select(i => (byte)(i * 13 + 1)).ToArray();
        await File.WriteAllBytesAsync(DbPath, garbage);

        var get = await _cli.RunAsync("get", "agents");

        get.ExitCode.Should().Be(1, get.ToString());
        get.Stderr.Should().Contain(DbPath).And.Contain("not a SQLite database").And.NotContain(" at SacOperator");
        (await File.ReadAllBytesAsync(DbPath)).Should().Equal(garbage, "a CLI verb opens the DB read-only");
        File.Exists(DbPath + "-wal").Should().BeFalse();
    }

    [Test]
    public void AddRestart_ThousandsOfRestartsOfOneAgent_KeepsOnlyTheNewestHundred()
    {
        using var state = StateStore.Open(DbPath);
        var key = ResourceKey.Agent("crasher");
        var start = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < 1_000; i++)
        {
            state.AddRestart(key, new RestartEntry { At = start.AddSeconds(i), ExitCode = i, Uptime = TimeSpan.FromMilliseconds(-5), Reason = "Exited" });
        }

        var kept = state.ListRestarts(key, limit: 10_000);

        kept.Should().HaveCount(StateStore.RestartRetention);
        kept[^1].ExitCode.Should().Be(999);
        kept.Should().OnlyContain(r => r.Uptime >= TimeSpan.Zero);
    }
}
