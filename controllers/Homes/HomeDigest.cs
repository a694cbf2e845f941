using System.Security.Cryptography;
using System.Text;

namespace SacOperator.Homes;

/// <summary>
/// A digest of the home layers' content: names, entry kinds, the executable bit and file bytes
/// (files over 1 MiB by size and modification time, so a huge tree does not make every read
/// slow). Independent of where the tree is checked out, so golden files stay stable.
/// </summary>
public static class HomeDigest
{
    private const long ContentLimit = 1024 * 1024;

    public static string Compute(IEnumerable<(string Name, string Directory)> layers)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, directory) in layers)
        {
            Add(hash, $"layer\0{name}\0");
            if (!Directory.Exists(directory))
            {
                Add(hash, "absent\0");
                continue;
            }

            IReadOnlyList<HomeTreeEntry> entries;
            try
            {
                entries = HomeTree.Walk(directory).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Add(hash, "unreadable\0");
                continue;
            }

            foreach (var entry in entries)
            {
                Add(hash, $"{(entry.Broken ? "b" : entry.IsDirectory ? "d" : entry.Executable ? "x" : "f")}\0{entry.RelativePath}\0");
                if (!entry.IsDirectory && !entry.Broken)
                {
                    AddContent(hash, entry.SourcePath);
                }
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 16));
    }

    private static void AddContent(IncrementalHash hash, string file)
    {
        try
        {
            var info = new FileInfo(file);
            if (info.Length > ContentLimit)
            {
                Add(hash, $"{info.Length}\0{info.LastWriteTimeUtc.Ticks}\0");
                return;
            }

            hash.AppendData(File.ReadAllBytes(file));
            Add(hash, "\0");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable now: the start will say why; the digest only has to differ from a readable file.
            Add(hash, "unreadable\0");
        }
    }

    private static void Add(IncrementalHash hash, string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
