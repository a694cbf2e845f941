namespace SacOperator.Parsing;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
