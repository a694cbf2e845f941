namespace SacOperator.Runtime;

public sealed record ApptainerOptions
{
    /// <summary>Program name (looked up on PATH) or path of the apptainer executable.</summary>
    public string Executable { get; init; } = "apptainer";

    public TimeSpan InstanceStartTimeout { get; init; } = TimeSpan.FromMinutes(2);

    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one of sac's <c>startup_commands</c> may run before the start fails.</summary>
    public TimeSpan StartupCommandTimeout { get; init; } = LaunchSteps.StartupCommandTimeout;

    /// <summary>How long one <c>instance list</c> answer is reused across reconciles.</summary>
    public TimeSpan ListCacheTime { get; init; } = TimeSpan.FromSeconds(1);
}
