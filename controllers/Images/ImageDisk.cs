using System.Security.Cryptography;
using System.Text.Json;
using SacOperator.Runtime;
using SacOperator.Serialization;

namespace SacOperator.Images;

/// <summary>
/// Reads and changes an Image's directory (<see cref="ImageLayout"/>). The disk is the record of
/// what was built: a version exists once its directory does, so an operator killed at any point
/// leaves either a complete version or a staging leftover, never a half-written version.
/// </summary>
public static class ImageDisk
{
    /// <summary>Built versions, oldest first; directories without a readable <c>version.json</c> are not versions.</summary>
    public static IReadOnlyList<BuiltVersion> Versions(ImageLayout layout)
    {
        if (!Directory.Exists(layout.Root))
        {
            return [];
        }

        var result = new List<BuiltVersion>();
        foreach (var directory in Directory.EnumerateDirectories(layout.Root))
        {
            var name = Path.GetFileName(directory);
            if (ImageLayout.NumberOf(name) > 0 && ReadJson<BuiltVersion>(Path.Combine(directory, ImageLayout.MetadataFile)) is { } built && built.Version == name)
            {
                result.Add(built);
            }
        }

        return result.OrderBy(v => v.Number).ToList();
    }

    /// <summary>The version <c>current</c> points at, or null.</summary>
    public static string? Current(ImageLayout layout)
    {
        var info = new FileInfo(layout.Current);
        return info.LinkTarget is { } target ? Path.GetFileName(target.TrimEnd('/')) : null;
    }

    /// <summary>The newest finished build attempt, successful or not.</summary>
    public static BuildAttempt? LastAttempt(ImageLayout layout) =>
        !Directory.Exists(layout.Logs)
            ? null
            : Directory.EnumerateFiles(layout.Logs, "*.result.json")
                .Select(ReadJson<BuildAttempt>)
                .Where(a => a is not null)
                .MaxBy(a => ImageLayout.NumberOf(a!.Version));

    /// <summary>One past the highest version number ever used here (versions, logs and staging leftovers), so a label is never reused.</summary>
    public static int NextNumber(ImageLayout layout)
    {
        if (!Directory.Exists(layout.Root))
        {
            return 1;
        }

        var names = Directory.EnumerateDirectories(layout.Root).Select(d => Path.GetFileName(d).Replace(".staging-", "", StringComparison.Ordinal))
            .Concat(Directory.Exists(layout.Logs) ? Directory.EnumerateFiles(layout.Logs, "*.log").Select(Path.GetFileNameWithoutExtension) : [])
            .Select(n => ImageLayout.NumberOf(n!));
        return names.DefaultIfEmpty(0).Max() + 1;
    }

    /// <summary>Staging directories of builds that are not running (an operator died during them).</summary>
    public static IReadOnlyList<string> StagingDirectories(ImageLayout layout) =>
        Directory.Exists(layout.Root)
            ? Directory.EnumerateDirectories(layout.Root).Where(d => ImageLayout.IsStaging(Path.GetFileName(d))).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Points <c>current</c> at <paramref name="version"/> in one rename, so a reader sees the old or the new target, never none.</summary>
    public static void Switch(ImageLayout layout, string version)
    {
        var temporary = layout.Current + ".tmp";
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, version);
        AtomicRename.Replace(temporary, layout.Current);
    }

    public static void Remove(ImageLayout layout, string version)
    {
        var directory = layout.VersionDirectory(version);
        if (Directory.Exists(directory))
        {
            // Renamed first, so a removal cut short leaves a staging leftover, not a broken version.
            var doomed = layout.StagingDirectory(version + "-removed");
            Directory.Move(directory, doomed);
            Directory.Delete(doomed, recursive: true);
        }
    }

    public static void WriteJson<T>(string path, T value)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(value, ModelJson.Indented));
        File.Move(temporary, path, overwrite: true);
    }

    public static T? ReadJson<T>(string path)
        where T : class
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<T>(File.ReadAllText(path), ModelJson.Options) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>sha256 of a file, as <c>sha256:&lt;hex&gt;</c>.</summary>
    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Bytes of a file, or of every file under a directory.</summary>
    public static long SizeOf(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).Sum(f => new FileInfo(f).Length)
            : new FileInfo(path).Length;

    /// <summary>The last <paramref name="lines"/> non-empty lines of a log.</summary>
    public static string Tail(string path, int lines)
    {
        try
        {
            return string.Join("\n", File.ReadLines(path).Where(l => l.Trim().Length > 0).TakeLast(lines));
        }
        catch (IOException)
        {
            return "";
        }
    }
}
