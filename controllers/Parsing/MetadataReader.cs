using System.Globalization;
using SacOperator.Model;

namespace SacOperator.Parsing;

/// <summary>
/// Reads <c>metadata</c>. Fields the API server owns (managedFields, ownerReferences…) are
/// accepted and ignored, so objects read back from Kubernetes parse like files do.
/// </summary>
public static class MetadataReader
{
    private static readonly string[] ServerOwned =
        ["managedFields", "ownerReferences", "selfLink", "generateName", "deletionGracePeriodSeconds"];

    public static ObjectMeta? Read(YamlMap? map, YamlReadContext context, YamlDotNet.RepresentationModel.YamlNode documentNode)
    {
        if (map is null)
        {
            context.Error(documentNode, "metadata", "required (with a name)");
            return null;
        }

        var name = map.String("name");
        if (name is null)
        {
            context.Error(map.Node, "metadata.name", "required");
        }
        else if (NameRules.Check(name) is { } problem)
        {
            context.Error(map.Get("name"), "metadata.name", problem);
        }

        var meta = new ObjectMeta
        {
            Name = name ?? "",
            Namespace = map.String("namespace"),
            Labels = map.StringMap("labels") ?? ObjectMeta.NoLabels,
            Annotations = map.StringMap("annotations") ?? ObjectMeta.NoLabels,
            Generation = map.Long("generation", 0) ?? 0,
            Uid = map.String("uid"),
            ResourceVersion = map.String("resourceVersion"),
            CreationTimestamp = Timestamp(map, "creationTimestamp"),
            DeletionTimestamp = Timestamp(map, "deletionTimestamp"),
            Finalizers = map.Strings("finalizers") ?? [],
        };
        foreach (var owned in ServerOwned)
        {
            map.Consume(owned);
        }

        map.ReportUnknown();
        return meta;
    }

    private static DateTimeOffset? Timestamp(YamlMap map, string key)
    {
        var text = map.String(key);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }

        map.Context.Error(map.Get(key), map.Child(key), "must be an RFC 3339 timestamp");
        return null;
    }
}
