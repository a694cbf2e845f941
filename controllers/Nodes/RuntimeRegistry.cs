using SacOperator.Runtime;

namespace SacOperator.Nodes;

/// <summary>The runtimes by name (<c>apptainer</c>, <c>local</c>).</summary>
public sealed class RuntimeRegistry(IEnumerable<IAgentRuntime> runtimes)
{
    private readonly Dictionary<string, IAgentRuntime> _byName = runtimes.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public IAgentRuntime Get(string name) =>
        _byName.TryGetValue(name, out var runtime) ? runtime : throw new InvalidOperationException($"unknown runtime '{name}'");

    public IEnumerable<IAgentRuntime> All => _byName.Values;
}
