namespace SacOperator.Operator.Http;

/// <summary>One condition of readiness, e.g. <c>store/directory</c> synced.</summary>
public sealed record ReadinessItem(string Name, bool Ok, string Message);
