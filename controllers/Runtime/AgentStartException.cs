namespace SacOperator.Runtime;

/// <summary>An agent could not be started; <see cref="Reason"/> is a CamelCase status reason and the message says what to do.</summary>
public sealed class AgentStartException(string reason, string message) : Exception(message)
{
    public string Reason { get; } = reason;
}
