using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Logs;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.RemoteNodes;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Nodes;

/// <summary>How host names resolve to nodes: fixed nodes first, then the source of ssh nodes, else the local node.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NodeRegistryTests
{
    [Test]
    public void Resolve_HostTheSourceKnows_IsItsNode_OthersAndNoneAreLocal()
    {
        using var dir = new TempDirectory("registry");
        var local = new SshNode("this-machine", new SacOperator.Model.HostSpec(), Options(dir), new ChannelRunner(), _ => { }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var remote = new SshNode("gpu-box", new SacOperator.Model.HostSpec { Address = "u@gpu-box" }, Options(dir), new ChannelRunner(), _ => { }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var registry = new NodeRegistry(local, source: new OneNode(remote));

        registry.Resolve("GPU-BOX").Should().BeSameAs(remote);
        registry.Resolve("elsewhere").Should().BeSameAs(local);
        registry.Resolve(null).Should().BeSameAs(local);
        registry.Resolve("this-machine").Should().BeSameAs(local, "the node's own name wins before the source is asked");
    }

    [Test]
    public void ResolveRun_RecordedOnAHostThatNoLongerResolves_IsADetachedNodeInOutageNotTheLocalNode()
    {
        // Arrange: a real local node, and a run recorded on an ssh Host whose resource is gone; its
        // (pid, start ticks) names no process here (the remote pid means nothing on this machine).
        using var dir = new TempDirectory("registry");
        using var watcher = new ProcessExitWatcher(TimeProvider.System);
        var local = Local(dir, watcher);
        var registry = new NodeRegistry(local, source: new OneNode(new DetachedNode("unrelated")));

        // Act
        var node = registry.ResolveRun("gpu-box", 999_999, 12345);

        // Assert
        node.Should().BeOfType<DetachedNode>();
        node.Outage!.Reason.Should().Be("HostNotFound");
        node.Outage.Message.Should().Contain("gpu-box").And.Contain("restore it");
        node.Observe(ResourceKey.Agent("a"), 999_999, 12345).Status.Should().Be(ProcessStatus.Unknown, "never Exited: the process may well run there");
        node.IsAlive(999_999, 12345).Should().BeTrue("Unknown never authorises a start");
        var lookForLaunch = () => node.LaunchMembers("launch-1");
        lookForLaunch.Should().Throw<InvalidOperationException>("a launch that cannot be looked for is not given up");
    }

    [Test]
    public void ResolveRun_RecordedUnderAnotherNameButAliveHere_IsTheLocalNode()
    {
        using var dir = new TempDirectory("registry");
        using var watcher = new ProcessExitWatcher(TimeProvider.System);
        var local = Local(dir, watcher);
        var registry = new NodeRegistry(local);
        var self = ProcStat.Read(Environment.ProcessId)!.Value;

        var node = registry.ResolveRun("old-hostname", self.Pid, self.StartTicks);

        node.Should().BeSameAs(local, "its (pid, start ticks) is a live process of this machine");
        registry.ResolveRun("node-under-test", null, null).Should().BeSameAs(local);
    }

    private static LocalNode Local(TempDirectory dir, ProcessExitWatcher watcher)
    {
        var environment = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = dir.Path };
        return new LocalNode(
            "node-under-test",
            new RuntimeRegistry([new LocalRuntime(environment, new ProcessRunner())]),
            new ProcessTracker(watcher, new SacOperator.Engine.KeyChannel("agents"), TimeProvider.System),
            new LaunchInventory(dir.Path),
            new StrayReaper(TimeProvider.System),
            new LogRotator(new LogRotationOptions(), NullLogger<LogRotator>.Instance),
            new LocalNodeFiles(dir.Path, environment));
    }

    private static SshNodeOptions Options(TempDirectory dir) => new() { ControlDirectory = dir.Combine("ctl"), OperatorHome = dir.Path };

    private sealed class OneNode(INode node) : INodeSource
    {
        public INode? Find(string host) => string.Equals(host, node.Name, StringComparison.OrdinalIgnoreCase) ? node : null;
    }
}
