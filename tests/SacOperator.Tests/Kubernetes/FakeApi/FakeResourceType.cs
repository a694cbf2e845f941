using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>A resource the stand-in serves: one of our CRDs (read from crds/*.yaml) or a built-in (Leases, Events).</summary>
public sealed record FakeResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required string Kind { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public bool Namespaced { get; init; } = true;

    public bool HasStatus { get; init; }

    /// <summary>openAPIV3Schema of a CRD; null for built-ins (accepted as sent).</summary>
    public JsonObject? Schema { get; init; }

    public JsonArray PrinterColumns { get; init; } = [];

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string GroupVersion => ApiVersion;

    public static readonly FakeResourceType Leases = new()
    {
        Group = "coordination.k8s.io", Version = "v1", Plural = "leases", Singular = "lease", Kind = "Lease",
    };

    public static readonly FakeResourceType Events = new()
    {
        Group = "events.k8s.io", Version = "v1", Plural = "events", Singular = "event", Kind = "Event", ShortNames = ["ev"],
    };

    public static FakeResourceType FromCrd(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var crd = YamlJson.Normalize(YamlJson.ToJson(stream.Documents[0].RootNode))!.AsObject();
        var spec = crd["spec"]!.AsObject();
        var names = spec["names"]!.AsObject();
        var version = spec["versions"]![0]!.AsObject();
        return new FakeResourceType
        {
            Group = spec["group"]!.GetValue<string>(),
            Version = version["name"]!.GetValue<string>(),
            Plural = names["plural"]!.GetValue<string>(),
            Singular = names["singular"]!.GetValue<string>(),
            Kind = names["kind"]!.GetValue<string>(),
            ShortNames = Strings(names["shortNames"]),
            Categories = Strings(names["categories"]),
            Namespaced = spec["scope"]!.GetValue<string>() == "Namespaced",
            HasStatus = version["subresources"]?["status"] is not null,
            Schema = version["schema"]?["openAPIV3Schema"]?.AsObject(),
            PrinterColumns = version["additionalPrinterColumns"]?.AsArray() ?? [],
        };
    }

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        node is JsonArray array ? [.. array.Select(n => n!.GetValue<string>())] : [];
}
