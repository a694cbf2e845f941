using System.Text.Json.Nodes;

namespace SacOperator.Kubernetes.Api;

/// <summary>One line of a watch stream.</summary>
public sealed record WatchEvent(string Type, JsonObject Object)
{
    public string? ResourceVersion => ObjectJson.ResourceVersion(Object);

    /// <summary>The status carried by an <see cref="WatchEventTypes.Error"/> event.</summary>
    public ApiStatus? Status => Type == WatchEventTypes.Error ? ApiStatus.From(Object) : null;
}
