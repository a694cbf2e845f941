using System.Globalization;
using System.Net;

namespace SacOperator.Operator.Http;

/// <summary>
/// Where <c>sacop run</c> serves HTTP: <c>IP:PORT</c>, <c>[IPv6]:PORT</c>, <c>localhost:PORT</c>, or
/// <c>none</c>. Port 0 picks a free port (the bound URL is then written to <c>&lt;home&gt;/server.url</c>).
/// Host names other than localhost are refused: binding needs an address, and resolving a name
/// at start would make the exposure depend on DNS.
/// </summary>
public sealed record ListenAddress
{
    public const int DefaultPort = 7979;

    public static readonly ListenAddress None = new() { Disabled = true };

    public static readonly ListenAddress Default = new() { Address = IPAddress.Loopback, Port = DefaultPort };

    /// <summary>A free port on 127.0.0.1 (tests).</summary>
    public static readonly ListenAddress LoopbackEphemeral = new() { Address = IPAddress.Loopback, Port = 0 };

    public bool Disabled { get; init; }

    /// <summary>Null for <c>localhost</c>, which binds both 127.0.0.1 and ::1.</summary>
    public IPAddress? Address { get; init; }

    public int Port { get; init; }

    public bool IsLoopback => Disabled || Address is null || IPAddress.IsLoopback(Address);

    public static bool TryParse(string text, out ListenAddress address, out string error)
    {
        address = None;
        error = "";
        text = text.Trim();
        if (text.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            error = $"'{text}' is not an address such as 127.0.0.1:{DefaultPort}, [::1]:{DefaultPort}, localhost:{DefaultPort} or none";
            return false;
        }

        var host = text[..colon];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot pick a free port for "localhost" (two sockets); 127.0.0.1 serves the same purpose.
            address = port == 0 ? LoopbackEphemeral : new ListenAddress { Port = port };
            return true;
        }

        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{text}': write an IPv6 address in brackets, as [::1]:{DefaultPort}";
            return false;
        }

        if (!IPAddress.TryParse(host, out var ip))
        {
            error = $"'{text}': '{host}' is not an IP address (only localhost is accepted as a name)";
            return false;
        }

        address = new ListenAddress { Address = ip, Port = port };
        return true;
    }

    public override string ToString() => Disabled ? "none"
        : Address is null ? $"localhost:{Port}"
        : Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}"
        : $"{Address}:{Port}";
}
