using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Collects diagnostics while one document is mapped onto the model.</summary>
public sealed class YamlReadContext(string file, bool unknownFieldsAreErrors)
{
    private readonly List<Diagnostic> _diagnostics = [];

    public string File { get; } = file;

    /// <summary>Strict (manifests) rejects unknown fields; lenient (sac compatibility) warns.</summary>
    public bool UnknownFieldsAreErrors { get; } = unknownFieldsAreErrors;

    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    public void Error(YamlNode? node, string path, string message) =>
        Add(DiagnosticSeverity.Error, node, path, message);

    public void Warning(YamlNode? node, string path, string message) =>
        Add(DiagnosticSeverity.Warning, node, path, message);

    public void Add(DiagnosticSeverity severity, YamlNode? node, string path, string message)
    {
        var line = node is null ? 1 : (int)node.Start.Line;
        var column = node is null ? 1 : (int)node.Start.Column;
        _diagnostics.Add(new Diagnostic(severity, File, line, column, path, message));
    }

    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _diagnostics.AddRange(diagnostics);
}
