using System.Security.Cryptography;
using System.Text;
using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>
/// The digest of what an image is built from: the def file's bytes and every host file its
/// <c>%files</c> sections copy (relative sources resolve against the def file's directory, where
/// the build runs), the base image's digest, the URI, and the flags that change the artifact
/// (sandbox, freeze). A URI's remote content is not known here: the same URI is the same source.
/// </summary>
public static class SourceDigest
{
    /// <exception cref="ImageSourceException">The def file or a file it copies cannot be read.</exception>
    public static string Compute(ImageSpec spec, string? specDirectory, BaseImageState? baseImage) =>
        Compute(spec, specDirectory, baseImage, out _);

    /// <param name="newestWrite">The latest modification time among the files read (a file still being written is not built from).</param>
    public static string Compute(ImageSpec spec, string? specDirectory, BaseImageState? baseImage, out DateTimeOffset newestWrite)
    {
        var newest = DateTimeOffset.MinValue;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Add(hash, $"sandbox={spec.Sandbox};freeze={spec.Freeze}");
        if (spec.Source.Uri is { } uri)
        {
            Add(hash, "uri=" + uri);
        }

        if (baseImage is not null)
        {
            Add(hash, $"base={baseImage.Name}@{baseImage.Digest}");
        }

        if (DefFilePath(spec, specDirectory) is { } def)
        {
            var content = Read(def, "def file", ref newest);
            Add(hash, "def=");
            hash.AppendData(content);
            var directory = Path.GetDirectoryName(def)!;
            foreach (var source in CopiedFiles(Encoding.UTF8.GetString(content)))
            {
                AddTree(hash, source, Path.GetFullPath(Path.Combine(directory, source)), def, ref newest);
            }
        }

        newestWrite = newest;
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The def file's absolute path (relative paths resolve against the spec's directory).</summary>
    public static string? DefFilePath(ImageSpec spec, string? specDirectory) =>
        spec.Source.DefFile is { Length: > 0 } def
            ? Path.GetFullPath(Path.Combine(specDirectory ?? Environment.CurrentDirectory, def))
            : null;

    /// <summary>Host sources named in <c>%files</c> sections (not <c>%files from &lt;stage&gt;</c>, which copy between stages).</summary>
    public static IReadOnlyList<string> CopiedFiles(string definition)
    {
        var result = new List<string>();
        var inFiles = false;
        foreach (var raw in definition.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('%'))
            {
                inFiles = line == "%files";
                continue;
            }

            if (inFiles && line.Length > 0 && !line.StartsWith('#'))
            {
                var end = line.IndexOfAny([' ', '\t']);
                result.Add((end < 0 ? line : line[..end]).Trim('"', '\''));
            }
        }

        return result;
    }

    private static void AddTree(IncrementalHash hash, string named, string path, string def, ref DateTimeOffset newest)
    {
        if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                Add(hash, $"file={named}/{Path.GetRelativePath(path, file)}");
                hash.AppendData(Read(file, $"%files source {named} of {def}", ref newest));
            }

            return;
        }

        Add(hash, "file=" + named);
        hash.AppendData(Read(path, $"%files source {named} of {def}", ref newest));
    }

    private static byte[] Read(string path, string what, ref DateTimeOffset newest)
    {
        try
        {
            var written = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
            newest = written > newest ? written : newest;
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageSourceException($"{what} {path} cannot be read: {e.Message}");
        }
    }

    private static void Add(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
}
