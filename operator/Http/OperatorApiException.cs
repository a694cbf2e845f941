namespace SacOperator.Operator.Http;

/// <summary>An error answer of the operator's API, with the <c>error</c> and <c>reason</c> of its body.</summary>
public sealed class OperatorApiException(int statusCode, string error, string reason)
    : Exception($"{statusCode} {error}: {reason}")
{
    public int StatusCode { get; } = statusCode;

    public string Error { get; } = error;

    public string Reason { get; } = reason;
}
