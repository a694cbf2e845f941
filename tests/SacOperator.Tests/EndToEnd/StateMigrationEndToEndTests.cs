using System.Diagnostics;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The built <c>sacop</c> on a home whose state DB the release before schema migrations wrote
/// (<c>testdata/state/v1-state.db</c>): it upgrades the DB in place and adopts the agent the DB
/// records; a DB of a newer release stops it with one line, and <c>sacop get</c> says the same.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class StateMigrationEndToEndTests : IDisposable
{
    /// <summary>The sleeper's launch and spec hash as the fixture records them.</summary>
    private const string FixtureLaunchId = "449e6b2a55d91b6e3986b647";
    private const string FixtureSpecHash = "7bf2acdbf05ede194f5cfbce";

    private readonly TempDirectory _dir = new("migrate-e2e");
    private readonly SacopCli _cli;
    private readonly string _agents;
    private Process? _operator;

    public StateMigrationEndToEndTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        _agents = _dir.Combine("agents");
        Directory.CreateDirectory(_agents);
        Directory.CreateDirectory(_cli.Home);
        foreach (var spec in new[] { "sleeper.yaml", "crasher.yaml" })
        {
            File.Copy(Path.Combine(Repo.TestData, "state", spec), Path.Combine(_agents, spec));
        }

        File.Copy(Path.Combine(Repo.TestData, "state", "v1-state.db"), DbPath);
        File.SetUnixFileMode(DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public void Dispose()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }

        HomeProcesses.KillAll(_cli.Home);
        OperatorTeardown.PrintLogIfFailed(_dir.Combine("operator.log"));

        _dir.Dispose();
    }

    private string DbPath => Path.Combine(_cli.Home, "state.db");

    [Test]
    public async Task Run_OnAFirstReleaseDatabaseWithItsAgentRunning_UpgradesTheDatabaseAndAdoptsTheProcess()
    {
        // Arrange: the sleeper the fixture records, alive again: a process carrying the recorded
        // launch marker, and the record pointing at it (pids differ from the machine that wrote it).
        using var sleeper = StartMarkedSleeper();
        var ticks = ProcStat.Read(sleeper.Id)!.Value.StartTicks;
        PointRecordAt("sleeper", sleeper.Id, ticks);

        // Act
        _operator = _cli.StartOperator(_agents, _dir.Combine("operator.log"));
        var adopted = await _cli.WaitForAgentAsync("sleeper", a => Pid(a) == sleeper.Id && Phase(a) == AgentPhases.Running, "the sleeper adopted");
        await _cli.WaitForAgentAsync("crasher", a => Phase(a) == AgentPhases.Failed, "the crasher still given up");

        // Assert
        using var state = StateStore.OpenReadOnly(DbPath);
        state.SchemaVersion.Should().Be(StateSchema.Version);
        var events = state.ListEvents(ResourceKey.Agent("sleeper"), limit: 1000);
        events.Should().Contain(e => e.Reason == "Adopted" && e.Message.Contains($"process {sleeper.Id}"));
        events.Count(e => e.Reason == "Started").Should().Be(2, "the fixture's two starts, and no new one");
        HomeProcesses.List(_cli.Home).Where(p => p.Agent == "sleeper").Select(p => p.Pid).Should().Equal(sleeper.Id);
        sleeper.HasExited.Should().BeFalse();
        adopted["status"]!["restartCount"]!.GetValue<int>().Should().Be(1, "the restart count of the fixture carries over");
        state.ListRestarts(ResourceKey.Agent("crasher")).Should().HaveCount(3);
        state.ListEvents(ResourceKey.Agent("crasher"), limit: 1000).Count(e => e.Reason == "Started").Should().Be(4, "a given-up agent stays given up");
    }

    [Test]
    public async Task Run_OnADatabaseOfANewerRelease_ExitsWithOneLineAndGetSaysTheSame()
    {
        using (var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE meta SET value = '42' WHERE key = 'schema_version'";
            command.ExecuteNonQuery();
        }

        var bytes = await File.ReadAllBytesAsync(DbPath);

        var run = await _cli.RunAsync("run", "--agents-dir", _agents, "--listen", "none");
        var get = await _cli.RunAsync("get", "agents");

        run.ExitCode.Should().Be(1, run.ToString());
        run.Stderr.Trim().Split('\n').Should().HaveCount(1, run.Stderr);
        run.Stderr.Should().Contain(DbPath).And.Contain("schema version 42").And.Contain($"up to {StateSchema.Version}").And.NotContain(" at SacOperator");
        get.ExitCode.Should().Be(1, get.ToString());
        get.Stderr.Should().Contain(DbPath).And.Contain("schema version 42").And.NotContain(" at SacOperator");
        (await File.ReadAllBytesAsync(DbPath)).Should().Equal(bytes, "a newer DB is never written");
        HomeProcesses.List(_cli.Home).Should().BeEmpty("nothing starts on a DB the operator cannot use");
    }

    /// <summary><c>sleep</c> in its own session, with the environment the operator gives an agent and the fixture's launch marker.</summary>
    private Process StartMarkedSleeper()
    {
        var info = new ProcessStartInfo("setsid") { UseShellExecute = false };
        info.ArgumentList.Add("sleep");
        info.ArgumentList.Add("100000");
        info.Environment[LaunchMarker.Variable] = new LaunchMarker(LaunchMarker.HomeDigest(_cli.Home), "sleeper", FixtureLaunchId, FixtureSpecHash, AgentRuntimes.Local).Format();
        info.Environment["SAC_STATE_DIR"] = Path.Combine(Path.GetFullPath(_cli.Home), "runtime", "sleeper");
        info.Environment["SAC_AGENT_NAME"] = "sleeper";
        return Process.Start(info)!;
    }

    /// <summary>Rewrites the agent's row as the old release would have written it for this process (JSON edited as JSON, not through this release's model).</summary>
    private void PointRecordAt(string agent, int pid, long startTicks)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT record_json FROM agents WHERE namespace = '' AND name = $name";
        read.Parameters.AddWithValue("$name", agent);
        var record = JsonNode.Parse((string)read.ExecuteScalar()!)!.AsObject();
        record["pid"] = pid;
        record["startTicks"] = startTicks;
        using var write = connection.CreateCommand();
        write.CommandText = "UPDATE agents SET pid = $pid, start_ticks = $ticks, record_json = $json WHERE namespace = '' AND name = $name";
        write.Parameters.AddWithValue("$pid", pid);
        write.Parameters.AddWithValue("$ticks", startTicks);
        write.Parameters.AddWithValue("$json", record.ToJsonString());
        write.Parameters.AddWithValue("$name", agent);
        write.ExecuteNonQuery().Should().Be(1);
    }

    private static string Phase(JsonObject agent) => agent["status"]?["phase"]?.GetValue<string>() ?? "";

    private static int Pid(JsonObject agent) => agent["status"]?["pid"]?.GetValue<int>() ?? 0;
}
