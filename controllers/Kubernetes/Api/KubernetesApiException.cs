namespace SacOperator.Kubernetes.Api;

/// <summary>The API server refused a request; <see cref="Status"/> says why.</summary>
public sealed class KubernetesApiException(string verb, string path, ApiStatus status)
    : Exception($"{verb} {path}: {status}")
{
    public ApiStatus Status { get; } = status;

    public int Code => Status.Code;

    public bool IsNotFound => Code == 404;

    public bool IsConflict => Code == 409;

    /// <summary>The resourceVersion asked for is no longer available (410 Gone / reason Expired): relist.</summary>
    public bool IsGone => Code == 410;
}
