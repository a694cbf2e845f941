using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Api;

/// <summary>
/// JSON merge patches (RFC 7386, <c>application/merge-patch+json</c>). A merge patch leaves fields
/// it does not mention untouched, so a field that became empty must be sent as an explicit null —
/// which is why patches are computed as a diff from what the server has, not sent as the new value.
/// </summary>
public static class MergePatch
{
    public const string ContentType = "application/merge-patch+json";

    /// <summary>The patch that turns <paramref name="from"/> into <paramref name="to"/>; empty when they are equal.</summary>
    public static JsonObject Diff(JsonObject? from, JsonObject to)
    {
        var patch = new JsonObject();
        foreach (var (key, value) in to)
        {
            var old = from is not null && from.TryGetPropertyValue(key, out var o) ? o : null;
            if (old is JsonObject oldObject && value is JsonObject newObject)
            {
                var nested = Diff(oldObject, newObject);
                if (nested.Count > 0)
                {
                    patch[key] = nested;
                }
            }
            else if (!JsonNode.DeepEquals(old, value))
            {
                patch[key] = value?.DeepClone();
            }
        }

        if (from is not null)
        {
            foreach (var (key, value) in from)
            {
                if (!to.ContainsKey(key) && value is not null)
                {
                    patch[key] = null;
                }
            }
        }

        return patch;
    }

    /// <summary>Applies <paramref name="patch"/> to a copy of <paramref name="target"/> (what the server does).</summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
