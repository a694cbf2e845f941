using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SacOperator.Kubernetes.Crds;

/// <summary>
/// Descriptions from the <c>&lt;summary&gt;</c> of the model's XML documentation file (built next
/// to the assembly), as plain text: <c>&lt;c&gt;</c> becomes its text, and a <c>&lt;see cref&gt;</c>
/// to a string constant becomes the constant's value (<c>AgentRuntimes.Local</c> reads "local").
/// </summary>
public sealed partial class XmlDocDescriptions : IDescriptionSource
{
    private readonly Dictionary<string, string> _summaries;
    private readonly Assembly _assembly;

    private XmlDocDescriptions(Assembly assembly, Dictionary<string, string> summaries)
    {
        _assembly = assembly;
        _summaries = summaries;
    }

    public static XmlDocDescriptions For(Assembly assembly)
    {
        var file = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(file))
        {
            throw new FileNotFoundException($"the XML documentation of {assembly.GetName().Name} was not built next to it (GenerateDocumentationFile)", file);
        }

        var descriptions = new XmlDocDescriptions(assembly, []);
        foreach (var member in XDocument.Load(file).Descendants("member"))
        {
            if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
            {
                descriptions._summaries[name] = descriptions.Text(summary);
            }
        }

        return descriptions;
    }

    public string? Describe(PropertyInfo property) =>
        _summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    public string? Describe(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    private string Text(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            text.Append(node switch
            {
                XText t => t.Value,
                XElement { Name.LocalName: "see" } see => Cref(see.Attribute("cref")?.Value ?? "") ?? see.Value,
                XElement { Name.LocalName: "paramref" or "typeparamref" } p => p.Attribute("name")?.Value,
                XElement e => e.Value,
                _ => "",
            });
        }

        return Whitespace().Replace(text.ToString(), " ").Trim();
    }

    /// <summary>A string constant's value, a property's JSON name, else the member's simple name.</summary>
    private string? Cref(string cref)
    {
        if (cref.Length < 3)
        {
            return null;
        }

        var name = cref[2..];
        if (cref.StartsWith("F:", StringComparison.Ordinal) && name.LastIndexOf('.') is var dot and > 0
            && _assembly.GetType(name[..dot])?.GetField(name[(dot + 1)..]) is { IsLiteral: true } field
            && field.GetRawConstantValue() is string value)
        {
            return value;
        }

        var simple = name[(name.LastIndexOf('.') + 1)..];
        return cref.StartsWith("P:", StringComparison.Ordinal) ? System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(simple) : simple;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
