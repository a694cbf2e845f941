using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using SacOperator.Kubernetes.Api;
using SacOperator.Parsing;
using SacOperator.Serialization;
using SacOperator.Stores;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Kubernetes;

/// <summary>
/// Turns an API object into desired state with the same reader as files, so validation and
/// diagnostics are identical in both modes. The object is read as YAML in the API's key order
/// (what <c>kubectl get -o yaml</c> prints), so a diagnostic's line and column point into that
/// view; its "file" is <c>&lt;plural&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.
/// </summary>
public static class ObjectConverter
{
    public const string Source = "kubernetes";

    public static StoredResource ToStored(JsonObject obj)
    {
        var key = ObservedObject.KeyOf(obj);
        var label = $"{ApiResources.ForKind(key.Kind).Plural}/{key.Namespace}/{key.Name}";
        var hash = ContentHash(obj);
        var view = (JsonObject)obj.DeepClone();
        view.Remove("status");
        (view["metadata"] as JsonObject)?.Remove("managedFields");
        if (!YamlText.TryLoad(label, YamlWriter.Write(view), out var stream, out var error))
        {
            return new StoredResource { Key = key, Diagnostics = [error!], Source = Source, ContentHash = hash };
        }

        var parsed = stream!.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
            ? ManifestReader.ReadDocument(label, root)
            : null;
        if (parsed is null)
        {
            var problem = new Diagnostic(DiagnosticSeverity.Error, label, 1, 1, "apiVersion", "not a sacoperator.dev object");
            return new StoredResource { Key = key, Diagnostics = [problem], Source = Source, ContentHash = hash };
        }

        return new StoredResource
        {
            Key = key,
            Resource = parsed.IsValid ? parsed.Resource : null,
            Diagnostics = parsed.Diagnostics,
            Source = Source,
            ContentHash = hash,
        };
    }

    /// <summary>
    /// Hash of what the operator acts on. Status, resourceVersion, managedFields and finalizers
    /// are left out: they change with our own writes, and a change to them alone must not
    /// re-enqueue the key (else every status write would cause another reconcile).
    /// </summary>
    public static string ContentHash(JsonObject obj)
    {
        var normalized = (JsonObject)obj.DeepClone();
        normalized.Remove("status");
        if (normalized["metadata"] is JsonObject metadata)
        {
            metadata.Remove("resourceVersion");
            metadata.Remove("managedFields");
            metadata.Remove("finalizers");
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sorted(normalized)!.ToJsonString())).AsSpan(0, 16));
    }

    /// <summary>Keys sorted at every level: the hash must not depend on key order (lists and watches order differently).</summary>
    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };
}
