using Microsoft.AspNetCore.Http;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>One request as the stand-in saw it.</summary>
public sealed record FakeRequest(string Method, string Path, IQueryCollection Query, string? ContentType, string? Authorization, string Body = "")
{
    public bool IsWatch => Query["watch"] is var w && (w == "true" || w == "1");

    public string? ResourceVersion => Query["resourceVersion"].FirstOrDefault();

    public override string ToString() => $"{Method} {Path}{(Query.Count > 0 ? "?" + string.Join('&', Query.Select(q => $"{q.Key}={q.Value}")) : "")}";
}
