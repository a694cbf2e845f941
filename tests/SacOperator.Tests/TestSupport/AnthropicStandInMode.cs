namespace SacOperator.Tests.TestSupport;

/// <summary>How <see cref="AnthropicStandIn"/> answers <c>POST /v1/messages</c>; switchable while a client talks to it.</summary>
public enum AnthropicStandInMode
{
    /// <summary>A streamed reply that echoes the last user prompt as <c>echo: &lt;text&gt;</c>.</summary>
    Normal,

    /// <summary>HTTP 401 with the API's <c>authentication_error</c> body (a key the API rejects).</summary>
    Unauthorized,

    /// <summary>HTTP 429 with <c>retry-after</c>, <c>anthropic-ratelimit-*</c> headers carrying a reset time, and a <c>rate_limit_error</c> body.</summary>
    RateLimited,

    /// <summary>HTTP 529 with an <c>overloaded_error</c> body.</summary>
    Overloaded,

    /// <summary>Starts the event stream, sends part of a message, then sends nothing more and never closes it.</summary>
    HangMidMessage,
}
