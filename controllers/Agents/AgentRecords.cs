using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Write-through cache of <see cref="AgentRecord"/>s, loaded from SQLite in one query at start.
/// A record is written only when it changed (record equality: planners build new records with
/// <c>with</c>, which keeps unchanged lists by reference).
/// </summary>
public sealed partial class AgentRecords
{
    private readonly StateStore _state;
    private readonly ConcurrentDictionary<ResourceKey, AgentRecord> _records;

    public AgentRecords(StateStore state, ILogger<AgentRecords> logger)
    {
        _state = state;
        _records = new ConcurrentDictionary<ResourceKey, AgentRecord>(state.ListAgents().ToDictionary(r => r.Key));
        foreach (var bad in state.TakeUnreadable())
        {
            // Dropped, not kept: the reconciler rebuilds the record from the agent's process (found by its launch marker).
            LogUnreadable(logger, bad.Key.ToString(), bad.Problem);
            state.DeleteAgent(bad.Key);
        }
    }

    [LoggerMessage(3101, LogLevel.Warning, "{Key}: its record in the state DB cannot be read ({Problem}); rebuilding it from the running process and runtime directory")]
    private static partial void LogUnreadable(ILogger logger, string key, string problem);

    public int Count => _records.Count;

    public AgentRecord? Get(ResourceKey key) => _records.GetValueOrDefault(key);

    public void Put(AgentRecord record)
    {
        if (_records.TryGetValue(record.Key, out var existing) && existing == record)
        {
            return;
        }

        _state.PutAgent(record);
        _records[record.Key] = record;
    }

    public void Delete(ResourceKey key)
    {
        if (_records.TryRemove(key, out _))
        {
            _state.DeleteAgent(key);
        }
    }
}
