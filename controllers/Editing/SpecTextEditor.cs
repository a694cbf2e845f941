using SacOperator.Model;
using SacOperator.Parsing;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Editing;

/// <summary>
/// The text half of <see cref="SpecFileEditor"/>: sets one scalar of one resource in a spec's text
/// at the parser's marks (pure; no file is touched), so comments, key order and formatting survive.
/// A missing key is inserted with the document's own indentation; flow-style mappings are refused.
/// </summary>
public static class SpecTextEditor
{
    /// <summary>Manifests get <c>spec.&lt;field&gt;</c>, sac spec.yaml files <c>spec.extensions.sacoperator.&lt;field&gt;</c>.</summary>
    public static (string Text, string? Error) SetScalar(string file, string text, ResourceKey key, string field, string value)
    {
        if (!YamlText.TryLoad(file, text, out var stream, out var syntaxError))
        {
            return (text, $"{syntaxError}; fix the file first");
        }

        var sac = SacSpecReader.IsSacSpec(file, text);
        var root = sac
            ? stream!.Documents.FirstOrDefault()?.RootNode as YamlMappingNode
            : stream!.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().FirstOrDefault(d => Matches(d, key));
        if (root is null)
        {
            return (text, $"{file} does not define {key.Kind} '{key.Name}'");
        }

        string[] path = sac ? ["spec", "extensions", "sacoperator", field] : ["spec", field];
        return SetPath(text, root, path, value, IndentStep(root));
    }

    private static bool Matches(YamlMappingNode document, ResourceKey key) =>
        Scalar(document, "kind") == key.Kind
        && (Child(document, "metadata") as YamlMappingNode) is { } metadata
        && Scalar(metadata, "name") == key.Name;

    private static (string Text, string? Error) SetPath(string text, YamlMappingNode root, string[] path, string value, int step)
    {
        var parent = root;
        for (var i = 0; i < path.Length; i++)
        {
            if (parent.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
            {
                if (parent.Children.Count == 0 && i > 0)
                {
                    // sac writes every block out, empty ones as {}: an empty mapping is written anew as a block.
                    var open = (int)parent.Start.Index;
                    return (ReplaceNull(text, open, text.IndexOf('}', open) + 1, path[(i - 1)..], value, step), null);
                }

                var where = i == 0 ? "the document" : $"'{string.Join('.', path[..i])}'";
                return (text, $"{where} is written in flow style ({{…}}); set {string.Join('.', path)}: {value} by hand");
            }

            var child = Child(parent, path[i]);
            var last = i == path.Length - 1;
            if (child is YamlScalarNode nullValue && YamlScalars.IsNull(nullValue))
            {
                return (ReplaceNull(text, (int)nullValue.Start.Index, (int)nullValue.End.Index, path[i..], value, step), null);
            }

            if (child is null)
            {
                return (Insert(text, parent, path[i..], value, step), null);
            }

            if (last)
            {
                if (child is not YamlScalarNode scalar)
                {
                    return (text, $"{string.Join('.', path)} is not a plain value");
                }

                var start = (int)scalar.Start.Index;
                var end = (int)scalar.End.Index;
                return (text[..start] + value + text[end..], null);
            }

            if (child is not YamlMappingNode mapping)
            {
                return (text, $"{string.Join('.', path[..(i + 1)])} is not a mapping");
            }

            parent = mapping;
        }

        return (text, null);
    }

    /// <summary>
    /// Writes the value (or the rest of the path as a nested block) in place of a null value such as
    /// <c>key:</c>, <c>key: ~</c> or <c>key: null</c>, or of an empty <c>{}</c>, keeping a trailing comment.
    /// </summary>
    private static string ReplaceNull(string text, int start, int end, string[] path, string value, int step)
    {
        var before = text[..start].TrimEnd(' ');
        if (path.Length == 1)
        {
            return before + " " + value + text[end..];
        }

        var keyIndent = Indent(text, LineStart(text, start));
        var lineEnd = LineEnd(text, end);
        var block = Block(path[1..], value, keyIndent + step, step);
        return before + text[end..lineEnd] + "\n" + block.TrimEnd('\n') + text[lineEnd..];
    }

    /// <summary>Inserts the missing tail of <paramref name="path"/> as block lines under <paramref name="parent"/>.</summary>
    private static string Insert(string text, YamlMappingNode parent, string[] path, string value, int step)
    {
        int indent;
        int position;
        if (parent.Children.Count > 0)
        {
            var firstKey = parent.Children.Keys.First();
            position = LineStart(text, (int)firstKey.Start.Index);
            indent = (int)firstKey.Start.Column - 1;
        }
        else
        {
            position = LineEnd(text, (int)parent.Start.Index) + 1;
            indent = Indent(text, LineStart(text, (int)parent.Start.Index)) + step;
        }

        position = Math.Min(position, text.Length);
        var lines = Block(path, value, indent, step);
        if (position == text.Length && text.Length > 0 && text[^1] != '\n')
        {
            lines = "\n" + lines;
        }

        return text[..position] + lines + text[position..];
    }

    /// <summary>The file's indentation unit: how far the first nested block mapping is indented (2 when there is none).</summary>
    private static int IndentStep(YamlMappingNode root)
    {
        var nested = root.Children.Values.OfType<YamlMappingNode>()
            .FirstOrDefault(m => m.Style != YamlDotNet.Core.Events.MappingStyle.Flow && m.Children.Count > 0);
        if (nested is null || root.Children.Count == 0)
        {
            return 2;
        }

        var step = (int)nested.Children.Keys.First().Start.Column - (int)root.Children.Keys.First().Start.Column;
        return step > 0 ? step : 2;
    }

    private static string Block(string[] path, string value, int indent, int step)
    {
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < path.Length; i++)
        {
            builder.Append(' ', indent + (step * i)).Append(path[i]).Append(':');
            builder.Append(i == path.Length - 1 ? $" {value}\n" : "\n");
        }

        return builder.ToString();
    }

    private static int LineStart(string text, int index)
    {
        var i = Math.Min(index, text.Length);
        while (i > 0 && text[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    private static int LineEnd(string text, int index)
    {
        var i = text.IndexOf('\n', Math.Min(index, text.Length));
        return i < 0 ? text.Length : i;
    }

    private static int Indent(string text, int lineStart)
    {
        var i = lineStart;
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i - lineStart;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

    private static string? Scalar(YamlMappingNode map, string key) => (Child(map, key) as YamlScalarNode)?.Value;
}
