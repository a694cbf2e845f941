using System.Text.Json.Nodes;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;

namespace SacOperator.Kubernetes;

/// <summary>
/// Which Agents a per-host operator runs: those whose <c>spec.host</c> names this host, or, when
/// <c>spec.host</c> is empty, whose <c>status.host</c> (written by placement) does. An Agent with
/// neither is run by no host operator: with one operator per host, "empty means this host" would
/// make every host run it (docs/decisions/0006). Names compare case-insensitively, like DNS names.
/// </summary>
public sealed record HostAssignment(string Host)
{
    public bool Includes(JsonObject obj)
    {
        if (obj["kind"]?.GetValue<string>() != ResourceKinds.Agent)
        {
            return true;
        }

        return ObjectJson.String(obj, "spec.host") is { Length: > 0 } specHost
            ? string.Equals(specHost, Host, StringComparison.OrdinalIgnoreCase)
            : string.Equals(ObjectJson.String(obj, "status.host"), Host, StringComparison.OrdinalIgnoreCase);
    }
}
