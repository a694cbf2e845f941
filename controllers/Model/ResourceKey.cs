namespace SacOperator.Model;

/// <summary>
/// Identity of a desired-state resource. Reconcilers receive only this, never an event or an
/// object, so every reconcile reads the whole current state (level-triggered).
/// </summary>
/// <param name="Namespace">Empty in directory mode; the Kubernetes namespace otherwise.</param>
public readonly record struct ResourceKey(string Kind, string Namespace, string Name) : IComparable<ResourceKey>
{
    public static ResourceKey Agent(string name, string @namespace = "") => new(ResourceKinds.Agent, @namespace, name);

    public int CompareTo(ResourceKey other)
    {
        var c = string.CompareOrdinal(Kind, other.Kind);
        if (c != 0)
        {
            return c;
        }

        c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    public override string ToString() =>
        Namespace.Length == 0 ? $"{Kind}/{Name}" : $"{Kind}/{Namespace}/{Name}";
}
