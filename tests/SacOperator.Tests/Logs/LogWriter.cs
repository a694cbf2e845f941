using System.Globalization;
using System.Text;
using SacOperator.Logs;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Logs;

/// <summary>
/// A real process writing numbered lines as fast as it can to a file it holds open with O_APPEND,
/// started as agents are; and the checks on what the generations and the live file hold.
/// </summary>
public sealed class LogWriter : IAsyncDisposable
{
    private const string Padding = "..................................................................";

    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);
    private readonly TaskCompletionSource<ProcessExit> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ProcessHandle _process;

    private LogWriter(ProcessHandle process)
    {
        _process = process;
        _watcher.Watch(process, isChild: true, e => _exit.TrySetResult(e));
    }

    /// <summary>Lines are <c>line N</c> and padding, about 80 bytes, each written with one write().</summary>
    public static LogWriter Start(string output, string errors) => new(ProcessSpawner.Spawn(new SpawnRequest
    {
        Arguments = ["sh", "-c", $"i=0; while :; do echo \"line $i {Padding}\"; i=$((i+1)); done"],
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        StdoutPath = output,
        StderrPath = errors,
    }));

    public async Task StopAsync()
    {
        LibC.kill(-_process.Pid, LibC.SIGKILL);
        await _exit.Task.WithTimeout();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_exit.Task.IsCompleted)
        {
            await StopAsync();
        }

        _watcher.Dispose();
    }

    /// <summary>The numbers of the lines in the generations oldest first, then the live file.</summary>
    /// <param name="strict">Fail on a line that is not whole; otherwise skip it (a copy may catch a write half done).</param>
    public static List<long> Numbers(string live, bool strict)
    {
        var text = new StringBuilder();
        foreach (var file in LogGenerations.Files(live))
        {
            text.Append(File.ReadAllText(file));
        }

        var numbers = new List<long>();
        foreach (var line in text.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts is ["line", var number, Padding] && long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                numbers.Add(n);
            }
            else if (strict)
            {
                throw new InvalidDataException($"not a whole line: '{line}'");
            }
        }

        return numbers;
    }

    /// <summary>The first place the numbers are not 0, 1, 2… (a lost or repeated line); null when there is none.</summary>
    public static string? FirstBreak(IReadOnlyList<long> numbers)
    {
        for (var i = 0; i < numbers.Count; i++)
        {
            if (numbers[i] != i)
            {
                return $"position {i} holds line {numbers[i]} (previous: {(i > 0 ? numbers[i - 1] : -1)})";
            }
        }

        return null;
    }
}
