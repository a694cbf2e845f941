namespace SacOperator.Images;

/// <summary>A build this operator is running now.</summary>
/// <param name="Stage">The last stage line apptainer printed (<c>INFO:    Creating SIF file...</c>).</param>
public sealed record RunningBuild(string Version, string Stage, DateTimeOffset StartedAt);
