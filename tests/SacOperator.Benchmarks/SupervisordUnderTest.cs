using System.Diagnostics;
using System.Text;

namespace SacOperator.Benchmarks;

/// <summary>Debian's supervisord running the same N trivial programs, with autorestart.</summary>
public sealed class SupervisordUnderTest(string directory, StartMarkers markers) : IDisposable
{
    private Process? _process;

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    public static string? Executable => new[] { "/usr/bin/supervisord", "/usr/local/bin/supervisord" }.FirstOrDefault(File.Exists);

    public static string Version()
    {
        using var p = Process.Start(new ProcessStartInfo(Executable!, "--version") { RedirectStandardOutput = true })!;
        var version = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return version;
    }

    /// <summary>The <c>minfds</c> written for <paramref name="count"/> programs (two pipes each, plus its own).</summary>
    public static int DescriptorsFor(int count) => Math.Max(1024, (count * 2) + 64);

    public void Start(int count)
    {
        Directory.CreateDirectory(directory);
        var config = Path.Combine(directory, "supervisord.conf");
        var text = new StringBuilder()
            .Append("[supervisord]\nnodaemon=true\nlogfile=").Append(Path.Combine(directory, "supervisord.log"))
            .Append("\npidfile=").Append(Path.Combine(directory, "supervisord.pid"))
            .Append("\nloglevel=warn\nminfds=").Append(DescriptorsFor(count)).Append("\nminprocs=").Append(Math.Max(200, count + 64)).Append('\n')
            .Append("[unix_http_server]\nfile=").Append(Path.Combine(directory, "supervisor.sock")).Append('\n')
            .Append("[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n");
        var command = string.Join(' ', markers.Command("SUPERVISOR_PROCESS_NAME").Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a));
        for (var i = 0; i < count; i++)
        {
            // Same restart semantics as the operator's agents: always restart, count a start at once.
            text.Append("[program:").Append(SpecWriter.Name(i)).Append("]\ncommand=").Append(command.Replace("%", "%%", StringComparison.Ordinal))
                .Append("\nautorestart=true\nstartsecs=0\nstartretries=1000000\nstdout_logfile=NONE\nstderr_logfile=NONE\n");
        }

        File.WriteAllText(config, text.ToString());
        _process = Process.Start(new ProcessStartInfo(Executable!, ["-c", config]) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Stops supervisord and every program it runs.</summary>
    public void Dispose()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }
}
