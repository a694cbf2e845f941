using SacOperator.Model;
using SacOperator.Parsing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Editing;

/// <summary>
/// Sets one boolean field of one resource in a spec file by editing the text at the parser's
/// marks, so comments, key order and formatting survive. Manifests get <c>spec.suspend</c> or
/// <c>spec.stopped</c>; sac spec.yaml files get <c>spec.extensions.sacoperator.suspend</c> or
/// <c>.stopped</c>, which sac itself ignores (sac keeps a stop only in its registry, not in the
/// spec), so the file stays valid for sac. Flow-style mappings are refused rather than rewritten. A spec
/// that is a symbolic link is edited where it lives; the link is never replaced by a copy.
/// </summary>
public static class SpecFileEditor
{
    /// <summary>
    /// Edits <paramref name="file"/>; when it is a symbolic link, the file behind it is edited in
    /// place and the link stays a link (replaced by an identical one, so that a watcher of the
    /// link's directory sees the change now even when the target lives outside it).
    /// </summary>
    /// <returns>Null on success, else the reason the file was left untouched.</returns>
    public static string? SetSuspend(string file, ResourceKey key, bool suspend) => SetFlag(file, key, "suspend", suspend);

    /// <summary>As <see cref="SetSuspend"/>, for <paramref name="field"/> (<c>suspend</c> or <c>stopped</c>).</summary>
    public static string? SetFlag(string file, ResourceKey key, string field, bool value) => SetScalar(file, key, field, value ? "true" : "false");

    /// <summary>As <see cref="SetFlag"/>, for a plain-scalar string such as an Image's <c>version</c> (<c>v3</c>).</summary>
    public static string? SetString(string file, ResourceKey key, string field, string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? SetScalar(file, key, field, value)
            : $"'{value}' is not a plain value";

    private static string? SetScalar(string file, ResourceKey key, string field, string value)
    {
        var link = new FileInfo(file).LinkTarget;
        string target;
        string text;
        try
        {
            target = link is null ? file : Target(file);
            text = File.ReadAllText(target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return link is null ? $"cannot read {file}: {e.Message}" : $"cannot read {file} (a symbolic link to {link}): {e.Message}";
        }

        var result = EditScalar(file, text, key, field, value);
        if (result.Error is not null)
        {
            return result.Error;
        }

        if (result.Text == text)
        {
            return null;
        }

        if (Replace(target, result.Text) is { } problem)
        {
            return link is null ? problem : $"{file} is a symbolic link to {target}; {problem}";
        }

        if (link is not null)
        {
            Relink(file, link);
        }

        return null;
    }

    /// <summary>The file at the end of the link chain starting at <paramref name="link"/>.</summary>
    private static string Target(string link)
    {
        var target = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true);
        return target is FileInfo { Exists: true } ? target.FullName : throw new FileNotFoundException($"its target {target?.FullName} does not exist");
    }

    /// <summary>Writes a temporary file beside <paramref name="path"/> and renames it over it, keeping the file mode.</summary>
    private static string? Replace(string path, string text)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.sacop-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(temp, text);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            }

            File.Move(temp, path, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            return $"cannot write {path}: {e.Message}";
        }
    }

    /// <summary>Best effort: replaces the link by an identical one; without it the edit is seen at the next rescan.</summary>
    private static void Relink(string file, string target)
    {
        var temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, $".{Path.GetFileName(file)}.sacop-link-{Environment.ProcessId}");
        try
        {
            File.CreateSymbolicLink(temp, target);
            File.Move(temp, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    public static (string Text, string? Error) Edit(string file, string text, ResourceKey key, bool suspend) => Edit(file, text, key, "suspend", suspend);

    public static (string Text, string? Error) Edit(string file, string text, ResourceKey key, string field, bool value) =>
        EditScalar(file, text, key, field, value ? "true" : "false");

    private static (string Text, string? Error) EditScalar(string file, string text, ResourceKey key, string field, string value)
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
