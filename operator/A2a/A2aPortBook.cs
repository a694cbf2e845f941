using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SacOperator.Model;
using SacOperator.Processes;

namespace SacOperator.Operator.A2a;

/// <summary>
/// The ports given to agents whose <c>a2a.port</c> is <c>auto</c>, kept in a file under the
/// operator's home so an agent keeps its URL across operator restarts (sac keeps them in its
/// state DB). An unreadable file is treated as empty: ports are then chosen again, never refused.
/// </summary>
public sealed class A2aPortBook
{
    private readonly string _path;
    private readonly A2aPortRange _range;
    private readonly Dictionary<string, int> _ports;
    private readonly Lock _lock = new();

    public A2aPortBook(string path, A2aPortRange range)
    {
        _path = path;
        _range = range;
        _ports = Load(path);
    }

    public int? Recorded(ResourceKey key)
    {
        lock (_lock)
        {
            return _ports.TryGetValue(Id(key), out var port) ? port : null;
        }
    }

    /// <summary>
    /// The agent's recorded port if it is still in the range and not <paramref name="unusable"/>,
    /// otherwise the first port, from an offset derived from the agent's name (so a fleet does not
    /// all probe the same ports), that no other agent holds and that is not unusable. Null when
    /// the range is full.
    /// </summary>
    public int? Choose(ResourceKey key, IReadOnlySet<int> unusable)
    {
        lock (_lock)
        {
            if (_ports.TryGetValue(Id(key), out var recorded) && _range.Contains(recorded) && !unusable.Contains(recorded))
            {
                return recorded;
            }

            var held = _ports.Where(p => p.Key != Id(key)).Select(p => p.Value).ToHashSet();
            var offset = (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(Id(key))), 0) % (uint)_range.Count);
            for (var i = 0; i < _range.Count; i++)
            {
                var port = _range.First + ((offset + i) % _range.Count);
                if (!held.Contains(port) && !unusable.Contains(port))
                {
                    return port;
                }
            }

            return null;
        }
    }

    /// <summary>The agents the book holds a port for.</summary>
    public IReadOnlyList<ResourceKey> Keys()
    {
        lock (_lock)
        {
            return [.. _ports.Keys.Select(FromId)];
        }
    }

    public void Record(ResourceKey key, int port) => Update(ports => ports[Id(key)] = port);

    public void Forget(ResourceKey key) => Update(ports => ports.Remove(Id(key)));

    private void Update(Action<Dictionary<string, int>> change)
    {
        lock (_lock)
        {
            var before = new Dictionary<string, int>(_ports);
            change(_ports);
            if (before.Count == _ports.Count && before.All(p => _ports.TryGetValue(p.Key, out var v) && v == p.Value))
            {
                return;
            }

            // Written aside and renamed: a crash leaves the old book or the new one, never half of one.
            var temporary = _path + ".tmp";
            PrivateFiles.WriteAllText(temporary, JsonSerializer.Serialize(new SortedDictionary<string, int>(_ports, StringComparer.Ordinal)));
            File.Move(temporary, _path, overwrite: true);
        }
    }

    /// <summary>Agents only: <c>name</c>, or <c>namespace/name</c> in Kubernetes mode.</summary>
    private static string Id(ResourceKey key) => key.Namespace.Length == 0 ? key.Name : $"{key.Namespace}/{key.Name}";

    private static ResourceKey FromId(string id) =>
        id.IndexOf('/', StringComparison.Ordinal) is var slash and >= 0 ? ResourceKey.Agent(id[(slash + 1)..], id[..slash]) : ResourceKey.Agent(id);

    private static Dictionary<string, int> Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, int>>(File.ReadAllText(path)) ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return [];
        }
    }
}
