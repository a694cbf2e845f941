using FluentAssertions;
using NUnit.Framework;
using SacOperator.Nodes;
using SacOperator.RemoteNodes;
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

    private static SshNodeOptions Options(TempDirectory dir) => new() { ControlDirectory = dir.Combine("ctl"), OperatorHome = dir.Path };

    private sealed class OneNode(INode node) : INodeSource
    {
        public INode? Find(string host) => string.Equals(host, node.Name, StringComparison.OrdinalIgnoreCase) ? node : null;
    }
}
