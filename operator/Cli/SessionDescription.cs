using System.Globalization;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary>The <c>Session:</c> block of <c>sacop describe agent</c>.</summary>
public static class SessionDescription
{
    public static void Write(TextWriter w, AgentSessionStatus s, DateTimeOffset now)
    {
        var t = s.Tokens;
        var tokens = FormattableString.Invariant($"input {t.Input}, output {t.Output}, cache creation {t.CacheCreation}, cache read {t.CacheRead}");
        w.WriteLine("Session:");
        w.WriteLine($"  Id:         {s.Id ?? "-"}");
        w.WriteLine($"  Model:      {s.Model ?? "-"}");
        w.WriteLine($"  Turns:      {s.Turns.ToString(CultureInfo.InvariantCulture)}" +
            (s.TurnInFlightSince is { } since ? $" (one in flight for {Age.Format(now - since)})" : ""));
        w.WriteLine($"  Last turn:  {Time(s.LastResultAt)}");
        w.WriteLine($"  Tokens:     {tokens}");
        w.WriteLine($"  Cost:       ${s.CostUsd.ToString("0.######", CultureInfo.InvariantCulture)}");
        w.WriteLine($"  Last error: {(s.LastError is { } e ? $"{e} at {Time(s.LastErrorAt)}" : "-")}");
        if (s.RateLimitResetsAt is { } reset)
        {
            w.WriteLine($"  Rate limit: resets at {Time(reset)}");
        }
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}
