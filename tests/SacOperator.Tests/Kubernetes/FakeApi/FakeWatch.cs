using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>One open watch connection: the lines still to write and the faults the test injects into it.</summary>
public sealed class FakeWatch(FakeResourceType type, string? ns, string? name, bool bookmarks)
{
    private readonly CancellationTokenSource _dropped = new();

    public FakeResourceType Type { get; } = type;

    public bool Bookmarks { get; } = bookmarks;

    public Channel<string> Lines { get; } = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Fires when the test drops the connection (the server aborts it mid-stream).</summary>
    public CancellationToken Dropped => _dropped.Token;

    /// <summary>While stalled nothing more is written, but the connection stays open: a silent watch.</summary>
    public bool Stalled { get; set; }

    public bool Matches(FakeResourceType objectType, string objectNs, string objectName) =>
        objectType == Type && (ns is null || ns == objectNs) && (name is null || name == objectName);

    public void Send(string type, JsonObject obj) =>
        Lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = CanonicalJson.Sort(obj) }.ToJsonString());

    public void Drop() => _dropped.Cancel();
}
