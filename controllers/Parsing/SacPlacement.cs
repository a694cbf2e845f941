using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// sac's placement: <c>host</c> (one host, or a priority list) and <c>hosts</c> (<c>all</c>, or
/// one instance on each listed host), mutually exclusive. SacOperator runs an agent where this
/// host is listed (or for <c>hosts: all</c>, or <c>host: local</c>); elsewhere it stays Pending
/// on the first listed host, whose operator runs it.
/// </summary>
internal static class SacPlacement
{
    public static string? Read(YamlMap spec, string hostName)
    {
        var host = spec.Get("host");
        var hosts = spec.Get("hosts");
        if (host is not null && hosts is not null)
        {
            spec.Context.Error(spec.KeyNode("hosts"), "spec.hosts", "host and hosts are mutually exclusive; set one (host: one host, hosts: one instance per host)");
            return null;
        }

        if (spec.Has("hosts") is false && spec.KeyNode("hosts") is { } emptyHosts)
        {
            spec.Context.Error(emptyHosts, "spec.hosts", "cannot be empty; use all or a list of host names");
            return null;
        }

        return hosts is not null ? ReadHosts(spec, hosts, hostName) : host is not null ? ReadHost(spec, host, hostName) : null;
    }

    private static string? ReadHost(YamlMap spec, YamlNode node, string hostName)
    {
        switch (node)
        {
            case YamlScalarNode { Value: { } value }:
                return value.Trim();
            case YamlSequenceNode list when Names(spec, list, "spec.host") is { Count: > 0 } names:
                // sac's priority/fallback order: run here if listed, else leave it to the first host.
                return names.FirstOrDefault(n => n.Equals(hostName, StringComparison.OrdinalIgnoreCase)) ?? names[0];
            default:
                spec.Context.Error(node, "spec.host", "must be a host name or a list of host names");
                return null;
        }
    }

    private static string? ReadHosts(YamlMap spec, YamlNode node, string hostName)
    {
        switch (node)
        {
            case YamlScalarNode { Value: "all" }:
                return null;
            case YamlSequenceNode list when Names(spec, list, "spec.hosts") is { Count: > 0 } names:
                return names.FirstOrDefault(n => n.Equals(hostName, StringComparison.OrdinalIgnoreCase)) ?? names[0];
            case YamlSequenceNode { Children.Count: 0 }:
                spec.Context.Error(node, "spec.hosts", "cannot be empty; use all or a list of host names");
                return null;
            default:
                spec.Context.Error(node, "spec.hosts", "must be all or a list of host names");
                return null;
        }
    }

    private static List<string> Names(YamlMap spec, YamlSequenceNode list, string path)
    {
        var names = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is YamlScalarNode { Value: { Length: > 0 } name })
            {
                names.Add(name.Trim());
            }
            else
            {
                spec.Context.Error(list.Children[i], $"{path}[{i}]", "must be a host name");
            }
        }

        return names;
    }
}
