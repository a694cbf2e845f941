using System.Globalization;

namespace SacOperator.Kubernetes;

/// <summary>Kubernetes <c>MicroTime</c> (RFC 3339, UTC, six fractional digits), as Events and Leases carry it.</summary>
public static class MicroTime
{
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
