namespace SacOperator.Model;

/// <summary>
/// A property only a compatibility reader sets (a sac spec.yaml): manifests cannot write it, so
/// it is left out of the CRD schema. It is still serialised, so it counts in spec hashes.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotInManifestsAttribute : Attribute;
