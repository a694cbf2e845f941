using System.Collections.Concurrent;
using SacOperator.Model;
using SacOperator.Serialization;
using SacOperator.State;

namespace SacOperator.Agents;

/// <summary>
/// Write-through cache of <see cref="AgentRecord"/>s: reads are served from memory after the
/// first, and a record is written to SQLite only when it actually changed.
/// </summary>
public sealed class AgentRecords(StateStore state)
{
    private readonly ConcurrentDictionary<ResourceKey, (AgentRecord? Record, string? Json)> _cache = new();

    public AgentRecord? Get(ResourceKey key) => Entry(key).Record;

    public void Put(AgentRecord record)
    {
        var json = ModelJson.Serialize(record);
        if (Entry(record.Key).Json == json)
        {
            return;
        }

        state.PutAgent(record);
        _cache[record.Key] = (record, json);
    }

    public void Delete(ResourceKey key)
    {
        if (Entry(key).Record is null)
        {
            return;
        }

        state.DeleteAgent(key);
        _cache[key] = (null, null);
    }

    private (AgentRecord? Record, string? Json) Entry(ResourceKey key) =>
        _cache.GetOrAdd(key, k => state.GetAgent(k) is { } r ? (r, ModelJson.Serialize(r)) : (null, null));
}
