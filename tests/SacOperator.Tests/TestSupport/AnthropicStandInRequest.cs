namespace SacOperator.Tests.TestSupport;

/// <summary>One request <see cref="AnthropicStandIn"/> received: what a client asked, never the key it sent.</summary>
public sealed record AnthropicStandInRequest
{
    public required string Method { get; init; }

    /// <summary>Path and query, e.g. <c>/v1/messages?beta=true</c>.</summary>
    public required string Target { get; init; }

    public required int Status { get; init; }

    /// <summary>The request body as text (JSON for the Messages API), empty when there was none.</summary>
    public string Body { get; init; } = "";

    public override string ToString() => $"{Method} {Target} -> {Status}";
}
