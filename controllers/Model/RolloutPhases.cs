namespace SacOperator.Model;

/// <summary>Phases of an Image's rollout (<c>status.rollout.phase</c>).</summary>
public static class RolloutPhases
{
    /// <summary>A manual rollout waits for <c>sacop image rollout</c>; agents keep the previous version.</summary>
    public const string Waiting = "Waiting";

    public const string Progressing = "Progressing";

    /// <summary>Every agent runs the active version.</summary>
    public const string Complete = "Complete";

    /// <summary>An agent did not become healthy on the new version: it went back, the others stay where they are.</summary>
    public const string Failed = "Failed";
}
