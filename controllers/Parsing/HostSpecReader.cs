using SacOperator.Model;

namespace SacOperator.Parsing;

public static class HostSpecReader
{
    public static HostSpec Read(YamlMap? spec)
    {
        var defaults = new HostSpec();
        if (spec is null)
        {
            return defaults;
        }

        var result = new HostSpec
        {
            Address = spec.String("address") ?? defaults.Address,
            Ssh = ReadSsh(spec.Map("ssh")),
            Capacity = ReadCapacity(spec.Map("capacity")),
            Unschedulable = spec.Bool("unschedulable") ?? false,
            Preamble = spec.String("preamble"),
            ProbeInterval = spec.Duration("probeInterval", allowZero: false) ?? defaults.ProbeInterval,
            Node = ReadNode(spec.Map("node")),
        };
        spec.ReportUnknown();
        if (string.IsNullOrWhiteSpace(result.Address) || result.Address.Contains(' ', StringComparison.Ordinal))
        {
            spec.Context.Error(spec.KeyNode("address"), spec.Child("address"), "must be 'local' or an ssh destination such as user@host");
        }

        return result;
    }

    private static SshSpec? ReadSsh(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var defaults = new SshSpec();
        var result = new SshSpec
        {
            Port = map.Int("port", 1, 65535),
            IdentityFile = map.String("identityFile"),
            Jump = map.Strings("jump") ?? [],
            Options = map.Strings("options") ?? [],
            ConnectTimeout = map.Duration("connectTimeout", allowZero: false) ?? defaults.ConnectTimeout,
        };
        map.ReportUnknown();
        var options = map.Get("options") as YamlDotNet.RepresentationModel.YamlSequenceNode;
        for (var i = 0; i < result.Options.Count; i++)
        {
            if (!result.Options[i].Contains('=', StringComparison.Ordinal))
            {
                map.Context.Error(options?.Children[i], $"{map.Child("options")}[{i}]", "must be Key=Value");
            }
        }

        return result;
    }

    private static HostNodeSpec ReadNode(YamlMap? map)
    {
        var defaults = new HostNodeSpec();
        if (map is null)
        {
            return defaults;
        }

        var result = new HostNodeSpec
        {
            Command = map.Strings("command") ?? defaults.Command,
            Home = map.String("home") ?? defaults.Home,
            ObserveInterval = map.Duration("observeInterval", allowZero: false) ?? defaults.ObserveInterval,
        };
        map.ReportUnknown();
        if (result.Command.Count == 0 || string.IsNullOrWhiteSpace(result.Command[0]))
        {
            map.Context.Error(map.KeyNode("command"), map.Child("command"), "must name the sacop program on the host");
        }

        if (string.IsNullOrWhiteSpace(result.Home))
        {
            map.Context.Error(map.KeyNode("home"), map.Child("home"), "must be a directory on the host");
        }

        return result;
    }

    private static HostCapacity ReadCapacity(YamlMap? map)
    {
        if (map is null)
        {
            return new HostCapacity();
        }

        var result = new HostCapacity
        {
            Agents = map.Int("agents", 0),
            Cpus = map.Int("cpus", 0),
            Memory = QuantityReader.Bytes(map, "memory"),
            Gpus = map.Int("gpus", 0),
        };
        map.ReportUnknown();
        return result;
    }
}
