using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Kubernetes.Config;

/// <summary>
/// One kubeconfig file as named entries (clusters, contexts, users). Entries keep the file they
/// came from, because relative paths in them resolve against that file's directory.
/// </summary>
public sealed class KubeConfigFile
{
    private KubeConfigFile(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public string? CurrentContext { get; private set; }

    public Dictionary<string, KubeConfigEntry> Clusters { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigEntry> Contexts { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, KubeConfigEntry> Users { get; } = new(StringComparer.Ordinal);

    public static KubeConfigFile Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KubeConfigException($"cannot read kubeconfig {path}: {e.Message}", e);
        }

        var file = new KubeConfigFile(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new KubeConfigException($"{path}:{e.Start.Line}:{e.Start.Column}: kubeconfig is not valid YAML: {e.Message}", e);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            // An empty file is a valid, empty kubeconfig (kubectl treats it so).
            return file;
        }

        file.CurrentContext = KubeConfigEntry.Scalar(root, "current-context") is { Length: > 0 } current ? current : null;
        file.ReadList(root, "clusters", "cluster", file.Clusters);
        file.ReadList(root, "contexts", "context", file.Contexts);
        file.ReadList(root, "users", "user", file.Users);
        return file;
    }

    /// <summary>Merges files in order: for each name (and for current-context) the first file that sets it wins.</summary>
    public static KubeConfigFile Merge(IReadOnlyList<KubeConfigFile> files)
    {
        var merged = new KubeConfigFile(string.Join(System.IO.Path.PathSeparator, files.Select(f => f.Path)));
        foreach (var file in files)
        {
            merged.CurrentContext ??= file.CurrentContext;
            foreach (var (target, source) in new[] { (merged.Clusters, file.Clusters), (merged.Contexts, file.Contexts), (merged.Users, file.Users) })
            {
                foreach (var (name, entry) in source)
                {
                    target.TryAdd(name, entry);
                }
            }
        }

        return merged;
    }

    private void ReadList(YamlMappingNode root, string listKey, string bodyKey, Dictionary<string, KubeConfigEntry> into)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(listKey), out var node) || node is not YamlSequenceNode list)
        {
            return;
        }

        foreach (var item in list.Children.OfType<YamlMappingNode>())
        {
            var name = KubeConfigEntry.Scalar(item, "name");
            if (string.IsNullOrEmpty(name))
            {
                throw new KubeConfigException($"{Path}:{item.Start.Line}: an entry of {listKey} has no name");
            }

            var body = item.Children.TryGetValue(new YamlScalarNode(bodyKey), out var b) && b is YamlMappingNode mapping
                ? mapping
                : new YamlMappingNode();
            into.TryAdd(name, new KubeConfigEntry(name, Path, body));
        }
    }
}
