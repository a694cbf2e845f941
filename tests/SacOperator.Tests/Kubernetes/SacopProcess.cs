using System.Diagnostics;
using System.Text;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>The built <c>sacop</c> running as a separate process; its output is kept for failure messages.</summary>
public sealed class SacopProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SacopProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public static SacopProcess Start(IReadOnlyList<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = Repo.SacopStartInfo(args, environment);
        var process = new Process { StartInfo = info };
        var result = new SacopProcess(process);
        process.OutputDataReceived += (_, e) => result.Append(e.Data);
        process.ErrorDataReceived += (_, e) => result.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return result;
    }

    /// <summary>SIGTERM, as systemd or the kubelet stop it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            LibC.kill(_process.Id, LibC.SIGTERM);
            await _process.WaitForExitAsync().WithTimeout();
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
