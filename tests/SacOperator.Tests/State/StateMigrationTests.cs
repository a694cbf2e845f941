using FluentAssertions;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.State;

/// <summary>
/// Schema migrations on a real SQLite file, starting from <c>testdata/state/v1-state.db</c>: a DB
/// the release before migrations wrote (see the README next to it).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class StateMigrationTests : IDisposable
{
    private static readonly string[] NewTables = ["session_offsets", "quota_readings", "host_probes", "image_versions"];

    private readonly TempDirectory _dir = new("migrate");

    public void Dispose() => _dir.Dispose();

    private string DbPath => _dir.Combine("home", "state.db");

    private string CopyFixture()
    {
        Directory.CreateDirectory(_dir.Combine("home"));
        File.Copy(Path.Combine(Repo.TestData, "state", "v1-state.db"), DbPath);
        return DbPath;
    }

    [Test]
    public void Open_DatabaseOfTheFirstRelease_UpgradesToTheCurrentSchemaAndKeepsEveryRow()
    {
        CopyFixture();

        using (var state = StateStore.Open(DbPath))
        {
            state.SchemaVersion.Should().Be(StateSchema.Version);
            state.GetMeta("schema_version").Should().Be(StateSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

            var agents = state.ListAgents();
            state.TakeUnreadable().Should().BeEmpty();
            agents.Select(a => a.Key.Name).Should().Equal("crasher", "sleeper");
            var sleeper = agents[1];
            sleeper.Pid.Should().Be(6192);
            sleeper.StartTicks.Should().Be(30005);
            sleeper.LaunchId.Should().Be("449e6b2a55d91b6e3986b647");
            sleeper.RestartCount.Should().Be(1);
            sleeper.LastExitIntent.Should().Be(StopIntents.Requested);
            agents[0].GaveUpReason.Should().Be("RestartLimitExceeded");
            agents[0].Pid.Should().BeNull();

            state.ListRestarts(ResourceKey.Agent("crasher")).Should().HaveCount(3).And.OnlyContain(r => r.ExitCode == 3 && r.Reason == "Exited");
            state.ListRestarts(ResourceKey.Agent("sleeper")).Should().ContainSingle().Which.Reason.Should().Be("RestartRequested");
            state.ListEvents(limit: 1000).Should().HaveCount(14);
            state.ListEvents(ResourceKey.Agent("crasher")).Select(e => e.Reason).Should().Contain("RestartLimitExceeded");
            state.ListResources(ResourceKinds.Agent).Select(r => r.Key.Name).Should().Equal("crasher", "sleeper");
        }

        Tables().Should().Contain(NewTables);
    }

    [Test]
    public void Open_UpgradedAndNewDatabases_HaveTheSameSchema()
    {
        CopyFixture();
        using (StateStore.Open(DbPath))
        {
        }

        var fresh = _dir.Combine("fresh", "state.db");
        using (var state = StateStore.Open(fresh))
        {
            state.SchemaVersion.Should().Be(StateSchema.Version);
        }

        Schema(fresh).Should().Equal(Schema(DbPath));
    }

    [Test]
    public void Open_UpgradedDatabaseOpenedAgain_ChangesNothing()
    {
        CopyFixture();
        using (StateStore.Open(DbPath))
        {
        }

        var before = Schema(DbPath);
        using var again = StateStore.Open(DbPath);

        again.SchemaVersion.Should().Be(StateSchema.Version);
        Schema(DbPath).Should().Equal(before);
    }

    [Test]
    public void Open_DatabaseOfANewerRelease_FailsNamingTheFileAndBothVersionsAndLeavesItUntouched()
    {
        CopyFixture();
        Sql("UPDATE meta SET value = '99' WHERE key = 'schema_version'");
        var bytes = File.ReadAllBytes(DbPath);

        var open = () => StateStore.Open(DbPath);

        open.Should().Throw<StateUnavailableException>()
            .Which.Message.Should().Contain(DbPath).And.Contain("schema version 99").And.Contain($"up to {StateSchema.Version}")
            .And.Contain("run the sacop release that wrote it").And.NotContain("\n");
        File.ReadAllBytes(DbPath).Should().Equal(bytes, "a newer DB is never downgraded or written");
        Tables().Should().NotContain(NewTables);
    }

    [Test]
    public void OpenReadOnly_DatabaseOfANewerRelease_FailsWithTheSameMessage()
    {
        CopyFixture();
        Sql("UPDATE meta SET value = '7' WHERE key = 'schema_version'");

        var open = () => StateStore.OpenReadOnly(DbPath);

        open.Should().Throw<StateUnavailableException>().Which.Message.Should().Contain(DbPath).And.Contain("schema version 7");
    }

    [Test]
    public void OpenReadOnly_DatabaseOfTheFirstRelease_ReadsItWithoutUpgrading()
    {
        CopyFixture();

        using (var state = StateStore.OpenReadOnly(DbPath))
        {
            state.SchemaVersion.Should().Be(1);
            state.ListAgents().Should().HaveCount(2);
        }

        Tables().Should().NotContain(NewTables);
    }

    [Test]
    public void OpenForRequest_DatabaseOfTheFirstRelease_RecordsTheRequestWithoutUpgrading()
    {
        CopyFixture();

        using (var state = StateStore.OpenForRequest(DbPath))
        {
            state.SchemaVersion.Should().Be(1);
            state.SetMeta("probe", "1");
        }

        Tables().Should().NotContain(NewTables);
        Scalar("SELECT value FROM meta WHERE key = 'schema_version'").Should().Be("1");
    }

    [Test]
    public void Open_StepFailsHalfWay_RollsBackEveryStepAndSaysWhatToDo()
    {
        CopyFixture();
        // A table in the way of step v3: steps v2 and v3 must both be undone.
        Sql("CREATE TABLE quota_readings (x INTEGER)");

        var open = () => StateStore.Open(DbPath);

        open.Should().Throw<StateUnavailableException>().Which.Message.Should().Contain(DbPath).And.Contain("quota_readings").And.Contain("move it aside");
        Scalar("SELECT value FROM meta WHERE key = 'schema_version'").Should().Be("1");
        Tables().Should().NotContain("session_offsets");
    }

    [Test]
    public void Open_UnreadableSchemaVersion_FailsWithOneLineSayingWhatToDo()
    {
        CopyFixture();
        Sql("UPDATE meta SET value = 'two' WHERE key = 'schema_version'");

        var open = () => StateStore.Open(DbPath);

        open.Should().Throw<StateUnavailableException>().Which.Message.Should().Contain(DbPath).And.Contain("'two'").And.Contain("move it aside");
    }

    private void Sql(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private List<string> Tables() => Schema(DbPath).Select(s => s.Name).ToList();

    private static List<(string Name, string Sql)> Schema(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name";
        using var reader = command.ExecuteReader();
        var result = new List<(string, string)>();
        while (reader.Read())
        {
            result.Add((reader.GetString(0), reader.GetString(1)));
        }

        return result;
    }
}
