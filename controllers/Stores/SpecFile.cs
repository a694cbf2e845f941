using System.Security.Cryptography;
using System.Text;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Serialization;

namespace SacOperator.Stores;

/// <summary>Reads one spec file with the right reader and turns its resources into stored entries.</summary>
public static class SpecFile
{
    public const long MaxBytes = 4 * 1024 * 1024;

    public static bool IsCandidate(string path)
    {
        var ext = Path.GetExtension(path);
        return ext.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || ext.Equals(".yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses text as a sac spec.yaml or as manifests, deciding by file name and apiVersion.</summary>
    public static ParsedFile Parse(string path, string text, string? hostName = null) =>
        SacSpecReader.IsSacSpec(path, text)
            ? SacSpecReader.Read(path, text, hostName)
            : ManifestReader.Read(path, text);

    /// <summary>Directory mode has no namespaces: keys and objects are normalised to none.</summary>
    public static StoredResource ToStored(ParsedResource parsed)
    {
        var key = parsed.Key with { Namespace = "" };
        var resource = parsed.Resource;
        if (resource is not null && resource.Metadata.Namespace is not null)
        {
            resource = resource with { Metadata = resource.Metadata with { Namespace = null } };
        }

        return new StoredResource
        {
            Key = key,
            Resource = parsed.IsValid ? resource : null,
            Diagnostics = parsed.Diagnostics,
            Source = parsed.File,
            Line = parsed.Line,
            ContentHash = Hash(resource, parsed.Diagnostics),
        };
    }

    public static string Hash(Resource? resource, IReadOnlyList<Diagnostic> diagnostics)
    {
        var text = resource is null
            ? string.Join('\n', diagnostics.Select(d => d.ToString()))
            : ModelJson.Serialize(resource) + "\n" + string.Join('\n', diagnostics.Select(d => d.ToString()));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }
}
