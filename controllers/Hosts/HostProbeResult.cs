namespace SacOperator.Hosts;

/// <summary>One probe of a host: its facts, or why there are none (a reason word and ssh's or the shell's message).</summary>
public sealed record HostProbeResult(HostFacts? Facts, string? Reason, string? Error, TimeSpan Duration)
{
    public bool Succeeded => Facts is not null;

    public static HostProbeResult Ok(HostFacts facts, TimeSpan duration) => new(facts, null, null, duration);

    public static HostProbeResult Failed(string reason, string error, TimeSpan duration) => new(null, reason, error, duration);
}
