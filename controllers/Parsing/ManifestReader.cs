using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// Reads <c>sacoperator.dev/v1alpha1</c> documents from a YAML (or JSON) file. Documents of other
/// API groups are skipped, so a GitOps tree may hold unrelated manifests beside ours.
/// </summary>
public static class ManifestReader
{
    public static ParsedFile Read(string file, string text)
    {
        var fileDiagnostics = new List<Diagnostic>();
        var resources = new List<ParsedResource>();
        if (!YamlText.TryLoad(file, text, out var stream, out var syntaxError))
        {
            fileDiagnostics.Add(syntaxError!);
            resources.AddRange(YamlText.RecoverNames(file, text, syntaxError!));
            return new ParsedFile(file, resources, fileDiagnostics);
        }

        foreach (var document in stream!.Documents)
        {
            if (document.RootNode is YamlMappingNode root && ReadDocument(file, root) is { } parsed)
            {
                resources.Add(parsed);
            }
        }

        return new ParsedFile(file, resources, fileDiagnostics);
    }

    /// <summary>Reads one object; null when it is not one of ours (another API group, or no kind at all).</summary>
    public static ParsedResource? ReadDocument(string file, YamlMappingNode root)
    {
        var context = new YamlReadContext(file, unknownFieldsAreErrors: true);
        var map = YamlMap.Open(context, root, "")!;
        var apiVersion = map.String("apiVersion");
        var kind = map.String("kind");
        var ours = apiVersion?.StartsWith(ResourceKinds.Group + "/", StringComparison.Ordinal) == true;
        if (!ours && !(apiVersion is null && kind is not null && ResourceKinds.All.Contains(kind)))
        {
            return null;
        }

        if (apiVersion is null)
        {
            context.Error(root, "apiVersion", $"required ({ResourceKinds.ApiVersion})");
        }
        else if (apiVersion != ResourceKinds.ApiVersion)
        {
            context.Error(map.Get("apiVersion"), "apiVersion", $"unsupported version; use {ResourceKinds.ApiVersion}");
        }

        var knownKind = true;
        if (kind is null || !ResourceKinds.All.Contains(kind))
        {
            knownKind = false;
            context.Error(map.Get("kind") ?? root, "kind", $"must be one of {string.Join(", ", ResourceKinds.All)}");
            kind = ResourceKinds.Agent;
        }

        var metadata = MetadataReader.Read(map.Map("metadata"), context, root);
        var specMap = map.Map("spec");
        map.Consume("status");
        Resource? resource = kind switch
        {
            ResourceKinds.Agent => new Agent { Metadata = metadata!, Spec = AgentSpecReader.Read(specMap) },
            ResourceKinds.Image => new Image { Metadata = metadata!, Spec = ImageSpecReader.Read(specMap) },
            ResourceKinds.Host => new Host { Metadata = metadata!, Spec = HostSpecReader.Read(specMap) },
            _ => new Account { Metadata = metadata!, Spec = AccountSpecReader.Read(specMap) },
        };
        if (kind == ResourceKinds.Agent && knownKind && specMap is null)
        {
            // No spec: the defaults still have to hold up; point at the document, not at line 1.
            AgentSpecReader.Check(YamlMap.Open(context, new YamlMappingNode(), "spec")!, new AgentSpec(),
                field => ($"spec.{field}", root));
        }

        map.ReportUnknown();
        var name = metadata?.Name ?? "";
        return new ParsedResource
        {
            Key = new ResourceKey(kind, metadata?.Namespace ?? "", name),
            Resource = context.HasErrors || metadata is null ? null : resource,
            Diagnostics = context.Diagnostics,
            File = file,
            Line = (int)root.Start.Line,
        };
    }
}
