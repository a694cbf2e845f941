using System.Text.RegularExpressions;
using SacOperator.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>Loading YAML text with located syntax errors, and best-effort recovery of names from broken files.</summary>
public static partial class YamlText
{
    public static bool TryLoad(string file, string text, out YamlStream? stream, out Diagnostic? error)
    {
        stream = new YamlStream();
        error = null;
        var parser = new MarkingParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
            return true;
        }
        catch (YamlException e)
        {
            error = new Diagnostic(DiagnosticSeverity.Error, file, (int)e.Start.Line, (int)e.Start.Column, "",
                "YAML syntax error: " + Clean(e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner throws these without a location (e.g. for an unclosed '['); the end
            // of the last well-formed token is the best place to point at.
            error = new Diagnostic(DiagnosticSeverity.Error, file, (int)parser.LastEnd.Line, (int)parser.LastEnd.Column, "",
                "YAML syntax error: cannot parse the text after this point (an unclosed '[', '{' or quote?)");
        }

        stream = null;
        return false;
    }

    /// <summary>
    /// A file that does not parse still names its resources in plain lines; recovering them lets
    /// status show exactly which resource is broken instead of an anonymous file error.
    /// </summary>
    public static IEnumerable<ParsedResource> RecoverNames(string file, string text, Diagnostic error)
    {
        foreach (var document in DocumentSeparator().Split(text))
        {
            var kind = KindLine().Match(document);
            var name = NameLine().Match(document);
            if (!kind.Success || !name.Success || !ResourceKinds.All.Contains(kind.Groups[1].Value))
            {
                continue;
            }

            yield return new ParsedResource
            {
                Key = new ResourceKey(kind.Groups[1].Value, "", name.Groups[1].Value),
                Diagnostics = [error],
                File = file,
                Line = error.Line,
            };
        }
    }

    /// <summary>Remembers where the last event the parser produced ended.</summary>
    private sealed class MarkingParser(IParser inner) : IParser
    {
        public Mark LastEnd { get; private set; } = Mark.Empty;

        public ParsingEvent? Current => inner.Current;

        public bool MoveNext()
        {
            var moved = inner.MoveNext();
            if (moved && inner.Current is { } current)
            {
                LastEnd = current.End;
            }

            return moved;
        }
    }

    private static string Clean(string message) =>
        message.Replace("\n", " ", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"^---.*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();

    [GeneratedRegex(@"^kind:\s*['""]?([A-Za-z]+)['""]?\s*$", RegexOptions.Multiline)]
    private static partial Regex KindLine();

    [GeneratedRegex(@"^\s{1,4}name:\s*['""]?([a-z0-9][a-z0-9._-]*)['""]?\s*$", RegexOptions.Multiline)]
    private static partial Regex NameLine();
}
