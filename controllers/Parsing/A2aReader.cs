using System.Net;
using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// <c>spec.a2a</c> in both spellings: <c>{host, port: auto | N}</c>. A manifest without the block
/// serves no inbound; a sac spec without it gets sac's default (<c>port: auto</c>), and
/// <c>port: null</c> or <c>comms.a2a.listen: false</c> turn it off, as sac reads them.
/// </summary>
internal static class A2aReader
{
    public const string Auto = "auto";

    private const int MinPort = 1024;
    private const int MaxPort = 65535;

    /// <summary>Manifest <c>spec.a2a</c>: a host that is not loopback is an error (the inbound has no authentication).</summary>
    public static A2aSpec? ReadManifest(YamlMap spec)
    {
        if (spec.Map("a2a") is not { } map)
        {
            return null;
        }

        var host = map.String("host") ?? A2aSpec.Loopback;
        if (!IsLoopback(host))
        {
            map.Context.Error(map.Get("host"), map.Child("host"),
                "must be a loopback address (127.0.0.1, ::1 or localhost): the A2A inbound asks for no credentials");
        }

        var result = new A2aSpec { Host = host, Port = ReadPort(map) };
        map.ReportUnknown();
        return result;
    }

    /// <summary>sac's <c>spec.a2a</c> and <c>spec.comms.a2a.listen</c>; a host that is not loopback is served on loopback, with a warning.</summary>
    public static A2aSpec? ReadSac(YamlMap spec)
    {
        var listen = spec.Map("comms")?.Map("a2a")?.Bool("listen");
        var map = spec.Map("a2a");
        if (listen == false || (map is not null && map.KeyNode("port") is not null && !map.Has("port")))
        {
            return null;
        }

        if (spec.Has("a2a") && map is null)
        {
            return null;
        }

        if (map is null)
        {
            return new A2aSpec();
        }

        var host = map.String("host");
        if (host is { Length: > 0 } && !IsLoopback(host))
        {
            map.Context.Warning(map.Get("host"), map.Child("host"),
                "SacOperator serves the A2A inbound on 127.0.0.1 only: it asks for no credentials");
        }

        var result = new A2aSpec { Host = host is { Length: > 0 } && IsLoopback(host) ? host : A2aSpec.Loopback, Port = ReadPort(map) };
        map.ReportUnknown();
        return result;
    }

    private static int? ReadPort(YamlMap map) =>
        map.Get("port") is YamlScalarNode { Value: Auto } ? null : map.Int("port", MinPort, MaxPort);

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
