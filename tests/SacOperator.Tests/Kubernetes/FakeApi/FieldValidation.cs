namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>The <c>fieldValidation</c> query parameter: what to do with fields the schema does not know.</summary>
public enum FieldValidation
{
    Ignore,
    Warn,
    Strict,
}
