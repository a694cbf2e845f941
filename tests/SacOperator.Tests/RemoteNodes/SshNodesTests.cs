using FluentAssertions;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.RemoteNodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.RemoteNodes;

/// <summary>Which Host edits make a new ssh node (forgetting starts in flight and strays being stopped) and which keep it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SshNodesTests
{
    [Test]
    public async Task Find_HostCordonedOrItsCapacityEdited_KeepsTheSameNode_ANewAddressMakesANewOne()
    {
        // Arrange: an ssh client that does not exist, so observing never leaves the machine.
        using var dir = new TempDirectory("sshnodes");
        var store = new ManualStore();
        store.Put(Host(new HostSpec { Address = "u@gpu-box" }));
        var nodes = new SshNodes(store, new SshNodeOptions { Ssh = dir.Combine("no-ssh"), ControlDirectory = dir.Combine("ctl"), OperatorHome = dir.Path },
            new ChannelRunner(), _ => { }, TimeProvider.System, NullLogger<SshNodes>.Instance);
        try
        {
            var first = nodes.Find("gpu-box");

            // Act
            store.Put(Host(new HostSpec { Address = "u@gpu-box", Unschedulable = true, Capacity = new HostCapacity { Agents = 3 } }), "v2");
            var cordoned = nodes.Find("gpu-box");
            store.Put(Host(new HostSpec { Address = "u@gpu-box-2" }), "v3");
            var moved = nodes.Find("gpu-box");

            // Assert
            first.Should().NotBeNull();
            cordoned.Should().BeSameAs(first, "a cordon (sacop cordon, drain) must not forget what the node knows");
            moved.Should().NotBeSameAs(first, "another address is another connection");
        }
        finally
        {
            await nodes.StopAsync(CancellationToken.None);
            nodes.Dispose();
        }
    }

    private static Host Host(HostSpec spec) => new() { Metadata = new ObjectMeta { Name = "gpu-box" }, Spec = spec };
}
