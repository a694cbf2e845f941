using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Write-through cache of <see cref="AgentRecord"/>s, loaded from SQLite in one query at start.
/// A record is written only when it changed (record equality: planners build new records with
/// <c>with</c>, which keeps unchanged lists by reference).
/// </summary>
public sealed class AgentRecords
{
    private readonly StateStore _state;
    private readonly ConcurrentDictionary<ResourceKey, AgentRecord> _records;

    public AgentRecords(StateStore state)
    {
        _state = state;
        _records = new ConcurrentDictionary<ResourceKey, AgentRecord>(state.ListAgents().ToDictionary(r => r.Key));
    }

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
