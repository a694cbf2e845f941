using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary>
/// Turns a name typed on the command line into a key. Directory mode has no namespaces; in
/// Kubernetes mode a name that is unique across namespaces needs no <c>--namespace</c>.
/// </summary>
public static class ResourceLookup
{
    public static async Task<ResourceKey> ResolveAsync(IOperatorSource source, string kind, string name, string? @namespace, CancellationToken cancellationToken)
    {
        if (@namespace is not null)
        {
            return new ResourceKey(kind, @namespace, name);
        }

        var matches = (await source.ListResourcesAsync(kind, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Key.Name == name).Select(r => r.Key).ToList();
        return matches.Count switch
        {
            0 => new ResourceKey(kind, "", name),
            1 => matches[0],
            _ => throw new CliError(
                $"{kind} '{name}' exists in namespaces {string.Join(", ", matches.Select(m => m.Namespace).Order(StringComparer.Ordinal))}; pass --namespace",
                ExitCodes.Usage),
        };
    }
}
