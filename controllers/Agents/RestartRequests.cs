using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Agents;

/// <summary>
/// Latest restart request per agent (from <c>sacop restart</c> or the API); the reconciler compares it
/// with the start time. Each request enqueues the agent through <paramref name="agents"/>.
/// </summary>
public sealed class RestartRequests([FromKeyedServices(ResourceKinds.Agent)] KeyChannel agents)
{
    private readonly ConcurrentDictionary<ResourceKey, Pending> _latest = new();

    /// <param name="newSession">
    /// Start the agent in a new Claude Code session instead of resuming its own. Requests made at the
    /// same instant merge: one of them asking for a new session is enough.
    /// </param>
    public void Request(ResourceKey key, DateTimeOffset at, bool newSession = false)
    {
        var request = new Pending(at, newSession);
        _latest.AddOrUpdate(key, request, (_, existing) =>
            at > existing.At ? request : at == existing.At ? existing with { NewSession = existing.NewSession || newSession } : existing);
        agents.Enqueue(key);
    }

    public DateTimeOffset? Latest(ResourceKey key) => _latest.TryGetValue(key, out var request) ? request.At : null;

    /// <summary>Whether the latest request asks for a new session.</summary>
    public bool LatestWantsNewSession(ResourceKey key) => _latest.TryGetValue(key, out var request) && request.NewSession;

    private sealed record Pending(DateTimeOffset At, bool NewSession);
}
