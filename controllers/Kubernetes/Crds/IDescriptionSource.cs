using System.Reflection;

namespace SacOperator.Kubernetes.Crds;

/// <summary>Where schema descriptions come from (the model's XML documentation).</summary>
public interface IDescriptionSource
{
    string? Describe(PropertyInfo property);

    string? Describe(Type type);
}
