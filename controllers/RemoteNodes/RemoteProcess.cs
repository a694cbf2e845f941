namespace SacOperator.RemoteNodes;

/// <summary>One marked process of the remote home, as <c>sacop node observe</c> reports it.</summary>
public sealed record RemoteProcess
{
    public required string Agent { get; init; }

    public required string LaunchId { get; init; }

    public string SpecHash { get; init; } = "";

    public string Runtime { get; init; } = "";

    public required int Pid { get; init; }

    public required long StartTicks { get; init; }

    public required int ProcessGroup { get; init; }

    public required int Session { get; init; }

    /// <summary>Stopped by SIGSTOP (the agent is frozen).</summary>
    public bool Stopped { get; init; }
}
