using System.Text.Json.Nodes;

namespace SacOperator.Operator.Http;

/// <summary>The verdict of <see cref="ReadinessCheck"/> with every condition it looked at.</summary>
public sealed record ReadinessReport(IReadOnlyList<ReadinessItem> Items)
{
    public bool Ready => Items.All(i => i.Ok);

    /// <summary>What is not ready yet, in one sentence.</summary>
    public string Reason => string.Join("; ", Items.Where(i => !i.Ok).Select(i => i.Message));

    public JsonArray ChecksJson() => new([.. Items.Select(i => (JsonNode)new JsonObject
    {
        ["name"] = i.Name,
        ["ok"] = i.Ok,
        ["message"] = i.Message,
    })]);
}
