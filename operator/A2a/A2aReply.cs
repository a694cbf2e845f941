using System.Text.Json.Nodes;

namespace SacOperator.Operator.A2a;

/// <summary>One answer of an A2A inbound: an HTTP status and a JSON body.</summary>
public sealed record A2aReply(int Status, JsonObject Body)
{
    public static A2aReply Error(int status, string message) => new(status, new JsonObject { ["error"] = message });
}
