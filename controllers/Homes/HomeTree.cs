namespace SacOperator.Homes;

/// <summary>Lists a layer directory depth-first in ordinal order, following symlinks to their content.</summary>
public static class HomeTree
{
    private const int MaxDepth = 32;

    public static IEnumerable<HomeTreeEntry> Walk(string root) => Walk(root, "", 0);

    private static IEnumerable<HomeTreeEntry> Walk(string directory, string prefix, int depth)
    {
        var children = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .OrderBy(i => i.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var child in children)
        {
            var relative = prefix.Length == 0 ? child.Name : $"{prefix}/{child.Name}";
            FileSystemInfo? target = child;
            if (child.LinkTarget is not null)
            {
                target = Follow(child);
            }

            if (target is null || depth >= MaxDepth)
            {
                yield return new HomeTreeEntry(relative, child.FullName, false, false, true);
                continue;
            }

            if (target is DirectoryInfo dir && (child.LinkTarget is not null || child is DirectoryInfo))
            {
                yield return new HomeTreeEntry(relative, dir.FullName, true, false, false);
                foreach (var entry in Walk(dir.FullName, relative, depth + 1))
                {
                    yield return entry;
                }

                continue;
            }

            var executable = (target.UnixFileMode & UnixFileMode.UserExecute) != 0;
            yield return new HomeTreeEntry(relative, target.FullName, false, executable, false);
        }
    }

    /// <summary>What a symlink finally points to, or null when it dangles or cannot be read.</summary>
    public static FileSystemInfo? Follow(FileSystemInfo link)
    {
        try
        {
            var path = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            return path is null ? null
                : Directory.Exists(path) ? new DirectoryInfo(path)
                : File.Exists(path) ? new FileInfo(path)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
