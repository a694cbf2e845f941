using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Processes;

/// <summary>Real processes: the spawner's guarantees that agents outlive and never share fate with the operator.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProcessSpawnerTests : IDisposable
{
    private readonly TempDirectory _dir = new("spawn");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);

    public void Dispose()
    {
        _watcher.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task Spawn_Child_LeadsItsOwnSessionAndProcessGroup()
    {
        var (handle, exit) = await SpawnAndWatchAsync(["sleep", "30"]);

        var stat = ProcStat.Read(handle.Pid)!.Value;
        stat.Session.Should().Be(handle.Pid);
        stat.ProcessGroup.Should().Be(handle.Pid);
        stat.Session.Should().NotBe(ProcStat.Read(Environment.ProcessId)!.Value.Session);
        LibC.kill(handle.Pid, LibC.SIGKILL);
        (await exit.WithTimeout()).Signal.Should().Be(LibC.SIGKILL);
    }

    [Test]
    public async Task Spawn_OutputAndEnvironment_GoToFilesExactlyAsGiven()
    {
        var (_, exit) = await SpawnAndWatchAsync(["sh", "-c", "echo out:$GREETING:$HOME; echo err >&2; pwd; exit 7"],
            env: new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["GREETING"] = "a b,c" }, cwd: _dir.Path);

        (await exit.WithTimeout()).ExitCode.Should().Be(7);
        File.ReadAllLines(_dir.Combine("out")).Should().Equal("out:a b,c:", _dir.Path);
        File.ReadAllText(_dir.Combine("err")).Should().Be("err\n");
    }

    [Test]
    public async Task Spawn_ResetsSignalDispositions_SoSigpipeIsNotIgnoredInTheChild()
    {
        // .NET ignores SIGPIPE in the operator; an inherited ignore would change how agents die.
        var (_, exit) = await SpawnAndWatchAsync(["sh", "-c", "grep -q '^SigIgn:.*[1]000$' /proc/self/status && exit 1 || exit 0"],
            env: new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" });

        (await exit.WithTimeout()).ExitCode.Should().Be(0);
    }

    [Test]
    public async Task Spawn_FifoStdinOpenedReadWrite_NeverReachesEndOfFile()
    {
        var fifo = _dir.Combine("stdin");
        Fifo.Ensure(fifo);

        var (handle, exit) = await SpawnAndWatchAsync(["sh", "-c", "read line; echo got:$line; read never"], stdin: fifo);
        Fifo.TryWrite(fifo, "hello\n").Should().BeTrue();

        await Eventually.Until(() => File.Exists(_dir.Combine("out")) && File.ReadAllText(_dir.Combine("out")) == "got:hello\n", "the first line to be read");
        handle.IsAlive.Should().BeTrue("the second read blocks instead of seeing end-of-file when no writer is left");
        LibC.kill(handle.Pid, LibC.SIGTERM);
        (await exit.WithTimeout()).Signal.Should().Be(LibC.SIGTERM);
    }

    [Test]
    public void Spawn_MissingProgram_ThrowsWithTheName()
    {
        var act = () => ProcessSpawner.Spawn(Request(["no-such-agent-binary"]));

        act.Should().Throw<SpawnException>().WithMessage("*no-such-agent-binary*not found on PATH*");
    }

    [Test]
    public void Resolve_UsesTheChildsPathNotTheOperators()
    {
        var bin = _dir.Combine("bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "myagent"), "#!/bin/sh\n");
        File.SetUnixFileMode(Path.Combine(bin, "myagent"), UnixFileMode.UserRead | UnixFileMode.UserExecute);

        ProcessSpawner.Resolve("myagent", new Dictionary<string, string> { ["PATH"] = bin }, null).Should().Be(Path.Combine(bin, "myagent"));
    }

    private async Task<(ProcessHandle Handle, Task<ProcessExit> Exit)> SpawnAndWatchAsync(
        IReadOnlyList<string> argv, Dictionary<string, string>? env = null, string? cwd = null, string? stdin = null)
    {
        var handle = ProcessSpawner.Spawn(Request(argv, env, cwd, stdin));
        var exit = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watcher.Watch(handle, isChild: true, e => exit.TrySetResult(e)).Should().BeTrue();
        await Task.Yield();
        return (handle, exit.Task);
    }

    private SpawnRequest Request(IReadOnlyList<string> argv, Dictionary<string, string>? env = null, string? cwd = null, string? stdin = null) => new()
    {
        Arguments = argv,
        Environment = env ?? new Dictionary<string, string> { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" },
        WorkingDirectory = cwd,
        StdinPath = stdin,
        StdoutPath = _dir.Combine("out"),
        StderrPath = _dir.Combine("err"),
    };
}
