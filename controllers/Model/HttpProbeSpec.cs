namespace SacOperator.Model;

/// <summary>GET probe; any 2xx answer within the timeout is a success.</summary>
public sealed record HttpProbeSpec
{
    /// <summary>Address the probe connects to.</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>Port the probe connects to; required when health.method is http.</summary>
    public int Port { get; init; }

    /// <summary>Request path.</summary>
    public string Path { get; init; } = "/";

    /// <summary>http or https.</summary>
    public string Scheme { get; init; } = "http";

    public Uri ToUri() => new($"{Scheme}://{Host}:{Port}{(Path.StartsWith('/') ? Path : "/" + Path)}");
}
