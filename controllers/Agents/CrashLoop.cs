using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// An agent is crash-looping when, counting the restart about to happen, at least
/// <see cref="Restarts"/> restarts fell within <see cref="Window"/> and each followed a run shorter
/// than <see cref="ShortRun"/>.
/// </summary>
public static class CrashLoop
{
    public const int Restarts = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan ShortRun = TimeSpan.FromSeconds(60);

    public static IReadOnlyList<RestartEntry> Trim(IReadOnlyList<RestartEntry> history, DateTimeOffset now) =>
        history.Where(r => now - r.At <= Window).TakeLast(Restarts * 2).ToList();

    public static bool Detect(IReadOnlyList<RestartEntry> recent, TimeSpan lastUptime, DateTimeOffset now) =>
        lastUptime < ShortRun
        && recent.Count(r => now - r.At <= Window && r.Uptime < ShortRun) + 1 >= Restarts;
}
