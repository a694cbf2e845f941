using SacOperator.Model;
using SacOperator.Parsing;

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

        var result = SpecTextEditor.SetScalar(file, text, key, field, value);
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
        SpecTextEditor.SetScalar(file, text, key, field, value ? "true" : "false");
}
