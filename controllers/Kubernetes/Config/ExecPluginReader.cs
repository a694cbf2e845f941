using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Kubernetes.Config;

/// <summary>Reads <c>users[].user.exec</c> with kubectl's rules; every error names the file, the user and the field.</summary>
internal static class ExecPluginReader
{
    public static ExecPlugin Read(KubeConfigEntry user, KubeConfigEntry cluster, byte[]? authorityPem)
    {
        var where = $"{user.File}: user '{user.Name}': exec";
        if (user.Body.Children[new YamlScalarNode("exec")] is not YamlMappingNode body)
        {
            throw new KubeConfigException($"{where} must be a mapping");
        }

        var exec = new KubeConfigEntry(user.Name, user.File, body);
        var apiVersion = exec.String("apiVersion")
            ?? throw new KubeConfigException($"{where}.apiVersion is missing (use {ExecPlugin.V1})");
        if (apiVersion is not (ExecPlugin.V1 or ExecPlugin.V1Beta1))
        {
            throw new KubeConfigException($"{where}.apiVersion '{apiVersion}' is not supported (use {ExecPlugin.V1} or {ExecPlugin.V1Beta1})");
        }

        var command = exec.String("command") ?? throw new KubeConfigException($"{where}.command is missing");
        return new ExecPlugin
        {
            User = user.Name,
            File = user.File,
            Command = Resolve(command, user.File),
            Args = Args(body, where),
            Env = Env(body, where),
            ApiVersion = apiVersion,
            InstallHint = exec.String("installHint"),
            InteractiveMode = Mode(exec.String("interactiveMode"), apiVersion, where),
            Cluster = exec.Bool("provideClusterInfo") ? ClusterInfo(cluster, authorityPem) : null,
        };
    }

    /// <summary>A command with a path separator is a path relative to the kubeconfig's directory; a bare name is looked up in PATH when run.</summary>
    private static string Resolve(string command, string file) =>
        command.Contains(System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? System.IO.Path.GetFullPath(command, System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(file))!)
            : command;

    private static List<string> Args(YamlMappingNode body, string where)
    {
        if (!body.Children.TryGetValue(new YamlScalarNode("args"), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new KubeConfigException($"{where}.args (line {node.Start.Line}) must be a list of strings");
        }

        return [.. list.Children.Select((item, i) => item is YamlScalarNode { Value: { } value }
            ? value
            : throw new KubeConfigException($"{where}.args[{i}] (line {item.Start.Line}) must be a string"))];
    }

    private static List<KeyValuePair<string, string>> Env(YamlMappingNode body, string where)
    {
        if (!body.Children.TryGetValue(new YamlScalarNode("env"), out var node) || node is YamlScalarNode { Value: null or "" })
        {
            return [];
        }

        if (node is not YamlSequenceNode list)
        {
            throw new KubeConfigException($"{where}.env (line {node.Start.Line}) must be a list of name/value pairs");
        }

        var env = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            var item = list.Children[i] as YamlMappingNode
                ?? throw new KubeConfigException($"{where}.env[{i}] (line {list.Children[i].Start.Line}) must be a mapping with name and value");
            var name = KubeConfigEntry.Scalar(item, "name");
            if (string.IsNullOrEmpty(name) || name.Contains('=', StringComparison.Ordinal))
            {
                throw new KubeConfigException($"{where}.env[{i}].name (line {item.Start.Line}) must be a variable name");
            }

            env.Add(new(name, KubeConfigEntry.Scalar(item, "value") ?? ""));
        }

        return env;
    }

    private static ExecInteractiveMode Mode(string? text, string apiVersion, string where) => text switch
    {
        null when apiVersion == ExecPlugin.V1Beta1 => ExecInteractiveMode.IfAvailable,
        null => throw new KubeConfigException($"{where}.interactiveMode is required with {ExecPlugin.V1} (Never, IfAvailable or Always)"),
        "Never" => ExecInteractiveMode.Never,
        "IfAvailable" => ExecInteractiveMode.IfAvailable,
        "Always" => ExecInteractiveMode.Always,
        _ => throw new KubeConfigException($"{where}.interactiveMode '{text}' is not Never, IfAvailable or Always"),
    };

    private static JsonObject ClusterInfo(KubeConfigEntry cluster, byte[]? authorityPem)
    {
        var info = new JsonObject { ["server"] = cluster.String("server") };
        if (cluster.String("tls-server-name") is { } serverName)
        {
            info["tls-server-name"] = serverName;
        }

        if (cluster.Bool("insecure-skip-tls-verify"))
        {
            info["insecure-skip-tls-verify"] = true;
        }

        if (authorityPem is not null)
        {
            info["certificate-authority-data"] = Convert.ToBase64String(authorityPem);
        }

        return info;
    }
}
