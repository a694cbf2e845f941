using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.CrashSafety;

/// <summary>
/// Agent cgroups on the machine's real cgroup v2 hierarchy (skipped with the reason where none can
/// be created), and detection against a made-up /proc.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AgentCgroupTests : IDisposable
{
    private readonly TempDirectory _dir = new("cgroup");
    private readonly string _digest = "test" + Guid.NewGuid().ToString("N")[..12];

    public void Dispose()
    {
        if (CgroupTree.Detect(_digest, out _, create: false) is { } tree)
        {
            foreach (var child in tree.Children())
            {
                tree.For(child).Kill();
            }

            HomeProcesses.RemoveCgroupTree(tree);
        }

        _dir.Dispose();
    }

    [Test]
    public void Detect_ProcWithoutAUnifiedMount_ReturnsNullAndSaysWhy()
    {
        WriteProc(mountinfo: "22 1 0:21 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n", cgroup: "4:memory:/\n");

        var tree = CgroupTree.Detect(_digest, out var reason, _dir.Combine("proc"));

        tree.Should().BeNull();
        reason.Should().Contain("no cgroup v2");
    }

    [Test]
    public void Detect_UnifiedMountThatIsNotACgroupFilesystem_ReturnsNullNamingThePath()
    {
        var fakeMount = _dir.Combine("fake cgroup");
        Directory.CreateDirectory(fakeMount);
        WriteProc(
            mountinfo: $"30 1 0:26 / {fakeMount.Replace(" ", "\\040", StringComparison.Ordinal)} rw,nosuid - cgroup2 cgroup2 rw\n",
            cgroup: "0::/user.slice/app.service\n");

        var tree = CgroupTree.Detect(_digest, out var reason, _dir.Combine("proc"));

        tree.Should().BeNull();
        reason.Should().Contain(Path.Combine(fakeMount, "user.slice/app.service", "sacop-" + _digest)).And.Contain("not a cgroup directory");
    }

    [Test]
    public async Task Spawn_IntoAnAgentCgroup_SetsidDescendantForkedAtOnceIsAMemberAndDiesWithKill()
    {
        var tree = RealTree();
        var cgroup = tree.For("ns/agent one");
        cgroup.Ensure().Should().BeTrue();
        var output = _dir.Combine("out");

        var leader = ProcessSpawner.Spawn(new SpawnRequest
        {
            Arguments = ["bash", "-c", "setsid sleep 1000 & echo $!; wait"],
            Environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            StdoutPath = output,
            StderrPath = _dir.Combine("err"),
            Cgroup = cgroup.Path,
        });
        var descendant = await Eventually.Until(
            () => File.Exists(output) && int.TryParse(File.ReadAllText(output).Trim(), out var pid) ? pid : 0, pid => pid > 0, "the descendant's pid");

        cgroup.Path.Should().EndWith("/ns_agent_one");
        File.ReadAllText($"/proc/{leader.Pid}/cmdline").Should().Be("bash\0-c\0setsid sleep 1000 & echo $!; wait\0", "the agent runs its own argv, not the shell that placed it");
        cgroup.Pids().Should().Contain([leader.Pid, descendant], "the child entered the cgroup before it could fork");
        // $! is printed right after the fork, before the child has run setsid.
        await Eventually.Until(() => ProcStat.Read(descendant)?.Session, session => session == descendant, "the descendant to lead its own session");

        cgroup.Kill();

        await Eventually.Until(() => cgroup.Pids().All(p => ProcStat.Read(p) is null or { IsZombie: true }), "every member to die with the cgroup", TimeSpan.FromSeconds(10));
        LibC.waitpid(leader.Pid, out _, 0).Should().Be(leader.Pid);
        ProcStat.Read(descendant).Should().Match<ProcStat?>(s => s == null || s.Value.IsZombie, "the setsid descendant was killed too");
    }

    [Test]
    public void AgentCgroup_ThatDoesNotExist_HasNoMembersAndRemovesQuietly()
    {
        var cgroup = new AgentCgroup(_dir.Combine("missing"));

        cgroup.Pids().Should().BeEmpty();
        cgroup.Signal(LibC.SIGKILL).Should().Be(0);
        cgroup.TryRemove().Should().BeTrue();
    }

    private CgroupTree RealTree()
    {
        var tree = CgroupTree.Detect(_digest, out var reason);
        if (tree is null)
        {
            Assert.Ignore($"no agent cgroups on this machine: {reason}");
        }

        return tree!;
    }

    private void WriteProc(string mountinfo, string cgroup)
    {
        var self = _dir.Combine("proc/self");
        Directory.CreateDirectory(self);
        File.WriteAllText(Path.Combine(self, "mountinfo"), mountinfo);
        File.WriteAllText(Path.Combine(self, "cgroup"), cgroup);
    }

}
