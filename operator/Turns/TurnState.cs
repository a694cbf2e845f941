namespace SacOperator.Operator.Turns;

public enum TurnState
{
    /// <summary>Written to the agent's stdin; nobody waits for the answer.</summary>
    Enqueued,

    /// <summary>The agent answered with a <c>type: result</c> event.</summary>
    Answered,

    /// <summary>Written, but no result arrived in time (the turn may still complete).</summary>
    TimedOut,

    /// <summary>Not written: the agent is not running.</summary>
    NotRunning,

    /// <summary>Not written: the agent's stdin had no reader (it exited meanwhile).</summary>
    NotDelivered,
}
