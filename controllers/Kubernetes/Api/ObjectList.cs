using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Api;

/// <summary>A complete list (all pages) and the resourceVersion to watch from.</summary>
public sealed record ObjectList(IReadOnlyList<JsonObject> Items, string ResourceVersion);
