namespace SacOperator.Model;

/// <summary>Where quota usage is read and the thresholds that make an account exhausted.</summary>
public sealed record QuotaSpec
{
    /// <summary>
    /// <c>none</c> (credentials only), <c>sac-cache</c> (sac's host quota cache file),
    /// <c>command</c> (a command printing one JSON object) or <c>stream</c> (what the agents'
    /// own streams report).
    /// </summary>
    public string Source { get; init; } = QuotaSources.None;

    /// <summary>
    /// Used percent of the 5-hour window (0–100) at which the account is exhausted: no new starts,
    /// agents rotate away or freeze. sac's boot picker: 95.
    /// </summary>
    public double FiveHourPercent { get; init; } = 95;

    /// <summary>
    /// Used percent of the 7-day window (0–100) from which the account is avoided: still Available,
    /// chosen last, unless the window resets within two hours. At 100 it is exhausted. sac: 90.
    /// </summary>
    public double SevenDayPercent { get; init; } = 90;

    /// <summary>Time between quota readings.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Age after which a reading no longer counts: the phase becomes Unknown, never Available.
    /// For <c>sac-cache</c> the age is taken from the file's <c>written_at</c> (else its mtime).
    /// </summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary><c>sac-cache</c>: the cache file (default sac's <c>~/.scitex/agent-container/runtime/quota-cache.json</c>).</summary>
    public string? Path { get; init; }

    /// <summary><c>sac-cache</c>: the entry of this account (its key, or its <c>short</c> name); default the account's name.</summary>
    public string? Key { get; init; }

    /// <summary><c>command</c>: argv (no shell) of a command printing one JSON object with <c>fiveHourPercent</c>, <c>sevenDayPercent</c> and reset times.</summary>
    public IReadOnlyList<string> Command { get; init; } = [];

    /// <summary><c>command</c>: how long the command may run.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(15);
}
