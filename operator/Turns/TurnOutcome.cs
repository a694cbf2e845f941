using System.Text.Json.Nodes;

namespace SacOperator.Operator.Turns;

/// <summary>What became of one turn sent to an agent.</summary>
public sealed record TurnOutcome
{
    public required TurnState State { get; init; }

    /// <summary>The agent's phase when it was not running (<see cref="TurnState.NotRunning"/>).</summary>
    public string? Phase { get; init; }

    /// <summary>The turn's <c>type: result</c> event (<see cref="TurnState.Answered"/>).</summary>
    public JsonObject? Result { get; init; }

    /// <summary>The result text (<c>result</c> field), or null when the event has none.</summary>
    public string? Text => Result?["result"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
