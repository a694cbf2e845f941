using System.Globalization;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary>The Account lines of <c>sacop describe account</c>: quota per window, reading, credential expiry, agents.</summary>
public static class AccountDescription
{
    public static void Write(TextWriter w, AccountStatus status, DateTimeOffset now)
    {
        w.WriteLine($"5-hour:       {Percent(status.FiveHourUsedPercent)} used, resets {When(status.FiveHourResetsAt, now)}");
        w.WriteLine($"7-day:        {Percent(status.SevenDayUsedPercent)} used, resets {When(status.SevenDayResetsAt, now)}");
        w.WriteLine($"Reading:      {When(status.LastReadingTime, now)}");
        w.WriteLine($"Back at:      {When(status.AvailableAt, now)}");
        w.WriteLine($"Credentials:  expire {When(status.CredentialExpiresAt, now)}");
        w.WriteLine($"Agents:       {(status.Agents.Count == 0 ? "<none>" : string.Join(", ", status.Agents))}");
    }

    private static string Percent(double? value) => value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) + "%" : "-";

    private static string When(DateTimeOffset? at, DateTimeOffset now) => at switch
    {
        null => "-",
        { } t when t > now => $"{t.ToString("u", CultureInfo.InvariantCulture)} (in {Age.Format(t - now)})",
        { } t => $"{t.ToString("u", CultureInfo.InvariantCulture)} ({Age.Format(now - t)} ago)",
    };
}
