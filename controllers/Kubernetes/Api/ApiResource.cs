namespace SacOperator.Kubernetes.Api;

/// <summary>A REST resource: where its objects live on the API server and what they are called.</summary>
/// <param name="Group">Empty for the core group (<c>/api/v1</c>).</param>
public sealed record ApiResource(string Group, string Version, string Plural, string Kind, bool Namespaced = true)
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    private string Prefix => Group.Length == 0 ? $"/api/{Version}" : $"/apis/{Group}/{Version}";

    /// <summary>The collection in <paramref name="namespace"/>, or across all namespaces when null.</summary>
    public string CollectionPath(string? @namespace) =>
        Namespaced && @namespace is not null
            ? $"{Prefix}/namespaces/{Uri.EscapeDataString(@namespace)}/{Plural}"
            : $"{Prefix}/{Plural}";

    public string ItemPath(string? @namespace, string name, string? subresource = null) =>
        $"{CollectionPath(@namespace)}/{Uri.EscapeDataString(name)}" + (subresource is null ? "" : "/" + subresource);

    public override string ToString() => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
}
