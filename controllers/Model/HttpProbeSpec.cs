namespace SacOperator.Model;

/// <summary>GET probe; any 2xx answer within the timeout is a success.</summary>
public sealed record HttpProbeSpec
{
    public string Host { get; init; } = "127.0.0.1";

    public int Port { get; init; }

    public string Path { get; init; } = "/";

    public string Scheme { get; init; } = "http";

    public Uri ToUri() => new($"{Scheme}://{Host}:{Port}{(Path.StartsWith('/') ? Path : "/" + Path)}");
}
