namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>What a request does, in RBAC terms: verb (get, list, watch, create, update, patch, delete), group, resource (with /subresource).</summary>
public sealed record FakeAccess(string? Token, string Verb, string Group, string Resource, string? Namespace);
