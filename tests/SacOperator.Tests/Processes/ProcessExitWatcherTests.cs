using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Processes;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ProcessExitWatcherTests : IDisposable
{
    private readonly TempDirectory _dir = new("watch");
    private readonly ProcessExitWatcher _watcher = new(TimeProvider.System);

    public void Dispose()
    {
        _watcher.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task Watch_ChildExits_ReportsItsExitCodeAndReapsIt()
    {
        var handle = Spawn("exit 42");
        var exit = Watch(handle, isChild: true);

        var result = await exit.WithTimeout();

        result.ExitCode.Should().Be(42);
        result.Code.Should().Be(42);
        ProcStat.Read(handle.Pid).Should().BeNull("the zombie was reaped");
        _watcher.TakeExit(handle).Should().Be(result);
    }

    [Test]
    public async Task Watch_AdoptedProcessThatIsNotOurChild_ReportsItsExit()
    {
        // A grandchild whose parent exits is re-parented: like an agent adopted after an operator restart.
        var pidFile = _dir.Combine("grandchild.pid");
        using (var parent = Process.Start("sh", ["-c", $"sleep 60 </dev/null >/dev/null 2>&1 & echo $! > {pidFile}"])!)
        {
            await parent.WaitForExitAsync().WithTimeout();
        }

        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var handle = new ProcessHandle(pid, ProcStat.Read(pid)!.Value.StartTicks);
        var exit = Watch(handle, isChild: false);

        LibC.kill(pid, LibC.SIGKILL);
        var result = await exit.WithTimeout();

        result.Process.Should().Be(handle);
        result.ExitCode.Should().BeNull("the exit status of a process that is not our child cannot be known");
    }

    [Test]
    public async Task Watch_ProcessAlreadyGone_CompletesAtOnce()
    {
        var handle = Spawn("exit 0");
        await Eventually.Until(() => ProcStat.Read(handle.Pid) is { IsZombie: true }, "the child to exit");

        var result = await Watch(handle, isChild: true).WithTimeout();

        result.ExitCode.Should().Be(0);
    }

    [Test]
    public async Task Watch_ManyProcesses_EachExitIsReportedOnce()
    {
        var handles = Enumerable.Range(0, 50).Select(i => Spawn($"exit {i % 7}")).ToList();
        var exits = handles.Select(h => Watch(h, isChild: true)).ToList();

        var results = await Task.WhenAll(exits).WithTimeout();

        results.Select(r => r.ExitCode).Should().Equal(Enumerable.Range(0, 50).Select(i => (int?)(i % 7)));
        _watcher.WatchedCount.Should().Be(0);
    }

    [Test]
    public void ProcStat_CommandNameWithSpacesAndParentheses_IsParsed()
    {
        var line = "1234 (my (weird) agent) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000000 100 0";

        var stat = ProcStat.Parse(1234, line);

        stat.Should().Be(new ProcStat(1234, 'S', 1234, 1234, 987654));
    }

    private ProcessHandle Spawn(string script) => ProcessSpawner.Spawn(new SpawnRequest
    {
        Arguments = ["sh", "-c", script],
        Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
        StdoutPath = _dir.Combine("out"),
        StderrPath = _dir.Combine("err"),
    });

    private Task<ProcessExit> Watch(ProcessHandle handle, bool isChild)
    {
        var exit = new TaskCompletionSource<ProcessExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watcher.Watch(handle, isChild, e => exit.TrySetResult(e)).Should().BeTrue();
        return exit.Task;
    }
}
