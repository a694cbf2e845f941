using SacOperator.Model;

namespace SacOperator.RemoteNodes;

/// <summary>Agent ids as launch markers and the remote verbs carry them: <c>name</c> or <c>namespace/name</c>.</summary>
public static class RemoteAgents
{
    public static ResourceKey KeyOf(string agentId)
    {
        var slash = agentId.IndexOf('/', StringComparison.Ordinal);
        var key = slash < 0 ? ResourceKey.Agent(agentId) : ResourceKey.Agent(agentId[(slash + 1)..], agentId[..slash]);
        if (key.Name.Length == 0 || key.Name.Contains('/', StringComparison.Ordinal) || key.Name is "." or "..")
        {
            throw new ArgumentException($"not an agent id: '{agentId}'", nameof(agentId));
        }

        return key;
    }
}
