namespace SacOperator.Model;

/// <summary>Status of kinds whose controller has not run yet (only validity is known).</summary>
public sealed record GenericStatus : ResourceStatus;
