using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace SacOperator.Benchmarks;

/// <summary>The built <c>sacop run</c> as a separate process, observed from outside (/proc and its state DB).</summary>
public sealed class SacopUnderTest(string sacop, string agentsDir, string home) : IDisposable
{
    private Process? _process;

    public string Home { get; } = home;

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    public void Start(params string[] extra)
    {
        var info = new ProcessStartInfo(sacop)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "run", "--agents-dir", agentsDir, "--home", Home, "--log-level", "Warning" }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => Log.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public List<string?> Log { get; } = [];

    /// <summary>SIGKILL: a crash, leaving agents running.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit();
        }
    }

    public int CountPhase(string phase) => Scalar(
        "SELECT count(*) FROM resources WHERE kind = 'Agent' AND json_extract(status_json, '$.phase') = $p", ("$p", phase));

    public int CountEvents(string reason) => Scalar("SELECT count(*) FROM events WHERE reason = $r", ("$r", reason));

    public int CountObservedAtLeast(IReadOnlyDictionary<string, long> expectedGeneration)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, json_extract(status_json, '$.observedGeneration') FROM resources WHERE kind = 'Agent'";
        using var reader = command.ExecuteReader();
        var count = 0;
        while (reader.Read())
        {
            if (!reader.IsDBNull(1) && expectedGeneration.TryGetValue(reader.GetString(0), out var expected) && reader.GetInt64(1) >= expected)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Rows written since <paramref name="since"/> across the tables the operator writes.</summary>
    public int WritesSince(DateTime since)
    {
        var iso = since.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return Scalar("SELECT (SELECT count(*) FROM resources WHERE updated_at >= $t) + (SELECT count(*) FROM agents WHERE updated_at >= $t) " +
                      "+ (SELECT count(*) FROM events WHERE last_at >= $t) + (SELECT count(*) FROM restarts WHERE at >= $t)", ("$t", iso));
    }

    public int? AgentPid(string name) => Scalar("SELECT coalesce(pid, 0) FROM agents WHERE name = $n", ("$n", name)) is var pid and > 0 ? pid : null;

    public void Dispose() => Kill();

    private int Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        try
        {
            using var connection = Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, value) in parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            return Convert.ToInt32(command.ExecuteScalar() ?? 0, System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (SqliteException)
        {
            return 0; // the operator has not created its tables yet
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(Home, "state.db"), Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        return connection;
    }
}
