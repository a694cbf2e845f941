using FluentAssertions;
using NUnit.Framework;
using SacOperator.Logs;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Logs;

/// <summary>
/// The operator dying at each step of a rotation: the next operator (a fresh rotator) finishes it,
/// and the generations and the live file then hold every byte exactly once.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class LogRotatorCrashTests : IDisposable
{
    private const string Shm = "/dev/shm";

    private readonly TempDirectory _dir = new("logcrash");
    private readonly List<string> _shmFiles = [];

    public void Dispose()
    {
        foreach (var file in _shmFiles.SelectMany(live => Directory.EnumerateFiles(Shm, Path.GetFileName(live) + "*")))
        {
            File.Delete(file);
        }

        _dir.Dispose();
    }

    [TestCase("copied")]
    [TestCase("journaled")]
    [TestCase("dropped 3")]
    [TestCase("moved 2")]
    [TestCase("moved 1")]
    [TestCase("shifted")]
    [TestCase("cut")]
    public void RotateIfNeeded_OperatorDiedAtStep_NextOperatorFinishesWithoutLossOrRepeat(string step)
    {
        if (!LogRotatorTests.SupportsCollapse(_dir.Path))
        {
            Assert.Ignore($"the file system of {_dir.Path} cannot collapse ranges");
        }

        CrashAndRecover(_dir.Combine("session.jsonl"), step);
    }

    [TestCase("copied")]
    [TestCase("journaled")]
    [TestCase("shifted")]
    [TestCase("appended")]
    public void RotateIfNeeded_OperatorDiedAtStepOnTmpfs_NextOperatorFinishesWithoutLossOrRepeat(string step)
    {
        if (!Directory.Exists(Shm) || LogRotatorTests.SupportsCollapse(Shm))
        {
            Assert.Ignore("needs a tmpfs /dev/shm, which cannot collapse ranges");
        }

        var live = Path.Combine(Shm, Path.GetFileName(_dir.Path) + "-session.jsonl");
        _shmFiles.Add(live);
        CrashAndRecover(live, step);
    }

    [Test]
    public void RotateIfNeeded_RecoveryDiedAfterItsCut_IsNotCutAgain()
    {
        if (!LogRotatorTests.SupportsCollapse(_dir.Path))
        {
            Assert.Ignore($"the file system of {_dir.Path} cannot collapse ranges");
        }

        var live = _dir.Combine("stderr.log");
        File.WriteAllText(live, LogRotatorTests.Lines(0, 6000));
        var original = File.ReadAllText(live);
        var first = LogRotatorTests.Rotator(maxFiles: 3);
        first.OnStep = s => _ = s == "shifted" ? throw new SimulatedCrash(s) : 0;
        Crash(() => first.RotateIfNeeded(live));
        var second = LogRotatorTests.Rotator(maxFiles: 3);
        second.OnStep = s => _ = s == "recovered" ? throw new SimulatedCrash(s) : 0;
        Crash(() => second.RotateIfNeeded(live));

        // The live file now starts after the cut and the journal is still there: the third operator must not cut again.
        var outcome = LogRotatorTests.Rotator(maxFiles: 3).RotateIfNeeded(live);

        outcome.Should().Be(RotationOutcome.None);
        string.Concat(LogGenerations.Files(live).Select(File.ReadAllText)).Should().Be(original);
        LogGenerations.Files(live).Should().HaveCount(2);
        LeftOvers(live).Should().BeEmpty();
    }

    private static void CrashAndRecover(string live, string step)
    {
        // Three older generations, so the shift drops one and moves two.
        for (var g = 1; g <= 3; g++)
        {
            File.WriteAllText(LogGenerations.PathOf(live, g), LogRotatorTests.Lines(-g * 10_000, 10));
        }

        File.WriteAllText(live, LogRotatorTests.Lines(0, 6000));
        var expected = File.ReadAllText(LogGenerations.PathOf(live, 2)) + File.ReadAllText(LogGenerations.PathOf(live, 1)) + File.ReadAllText(live);
        var crashing = LogRotatorTests.Rotator(maxFiles: 3);
        var reached = false;
        crashing.OnStep = s =>
        {
            if (s == step)
            {
                reached = true;
                throw new SimulatedCrash(s);
            }
        };

        Crash(() => crashing.RotateIfNeeded(live));
        // The agent keeps writing while no operator runs.
        var more = LogRotatorTests.Lines(6000, 100);
        File.AppendAllText(live, more);
        var outcome = LogRotatorTests.Rotator(maxFiles: 3).RotateIfNeeded(live);

        reached.Should().BeTrue($"the rotation passes step '{step}'");
        if (step == "copied")
        {
            outcome.Should().NotBe(RotationOutcome.None, "a copy that was never committed is discarded and the rotation done afresh");
        }
        else
        {
            outcome.Should().Be(RotationOutcome.None, "the interrupted rotation is finished, not repeated");
        }

        LogGenerations.Files(live).Should().Equal(LogGenerations.PathOf(live, 3), LogGenerations.PathOf(live, 2), LogGenerations.PathOf(live, 1), live);
        string.Concat(LogGenerations.Files(live).Select(File.ReadAllText)).Should().Be(expected + more);
        new FileInfo(live).Length.Should().BeLessThan(256 * 1024);
        LeftOvers(live).Should().BeEmpty();
    }

    private static void Crash(Action rotation)
    {
        var act = rotation;
        act.Should().Throw<SimulatedCrash>();
    }

    private static IEnumerable<string> LeftOvers(string live) =>
        new[] { live + ".next", live + ".rotating", live + ".rotating.tmp" }.Where(File.Exists);

    private sealed class SimulatedCrash(string? step) : Exception(step)
    {
    }
}
