using System.IO.Enumeration;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>
/// Lists the spec files under a root the way the store and <c>sacop validate</c> see them. Hidden
/// entries are skipped. Symbolic links are followed, but every directory is visited once (by device
/// and inode) and every file listed once, so a link never makes one spec look like two; the real
/// path wins over a symlinked one because links are followed only after the real tree. A link back
/// to a directory above it is reported once and not followed, and a dangling link is reported,
/// never thrown. A tree without links costs no more than a plain recursive listing: identities are
/// only looked up once there is a link to compare them with. A directory named <c>to_home</c>
/// holds home content that sac copies into an agent's <c>$HOME</c> (<see cref="HomeDirectoryName"/>),
/// never specs: its YAML files (an MCP or tool config) are not listed.
/// </summary>
public static class SpecTree
{
    private static readonly EnumerationOptions Entries = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.Hidden,
    };

    /// <summary>sac's home layer directories (<c>&lt;agent&gt;/to_home</c>, <c>_shared/to_home</c>) are not walked for specs.</summary>
    public const string HomeDirectoryName = "to_home";

    public static SpecTreeListing List(string root) => new Walk(root).Run();

    /// <summary>True when <paramref name="relative"/> (a path below a root) is a home layer directory or lies inside one.</summary>
    public static bool IsHomeContent(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Contains(HomeDirectoryName, StringComparer.Ordinal);

    /// <summary>The file whose size and mtime describe <paramref name="path"/>'s content: the final target when it is a symbolic link.</summary>
    public static FileInfo ContentOf(string path)
    {
        var file = new FileInfo(path);
        try
        {
            return file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? file;
        }
        catch (IOException)
        {
            return file;
        }
    }

    private enum EntryKind
    {
        File,
        Directory,
        Link,
    }

    private readonly record struct Entry(string Name, EntryKind Kind, FileInfo? File);

    private sealed class Walk(string root)
    {
        /// <summary>Directories listed, in order; their identities are looked up once the first link needs them.</summary>
        private readonly List<string> _visitedPaths = [];
        private readonly Dictionary<string, FileIdentity> _identities = new(StringComparer.Ordinal);
        private readonly HashSet<FileIdentity> _visited = [];
        private readonly Queue<(string Path, FileIdentity Target)> _linkedDirectories = new();
        private readonly List<SpecTreeFile> _files = [];
        private readonly List<(SpecTreeFile File, FileIdentity Target)> _linkedFiles = [];
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly List<string> _unreachable = [];
        private bool _tracking;

        public SpecTreeListing Run()
        {
            if (!FileIdentity.TryOf(root, out var identity, out var isDirectory, out var problem) || !isDirectory)
            {
                return new SpecTreeListing { RootProblem = problem ?? "not a directory" };
            }

            _identities[root] = identity;
            if (Visit(root) is { } unreadable)
            {
                return new SpecTreeListing { RootProblem = unreadable };
            }

            while (_linkedDirectories.TryDequeue(out var link))
            {
                Track();
                if (IsAncestor(link.Target, link.Path) || IsAbove(link.Target, Path.GetDirectoryName(link.Path)!))
                {
                    Warn(link.Path, "symbolic link to a directory above it (a loop); not followed");
                }
                else if (!_visited.Contains(link.Target))
                {
                    _identities[link.Path] = link.Target;
                    Visit(link.Path);
                }
            }

            AddLinkedFiles();
            return new SpecTreeListing
            {
                Files = [.. _files.OrderBy(f => f.Path, StringComparer.Ordinal)],
                Diagnostics = _diagnostics,
                Unreachable = _unreachable,
            };
        }

        /// <returns>Why <paramref name="directory"/> could not be listed, or null.</returns>
        private string? Visit(string directory)
        {
            _visitedPaths.Add(directory);
            if (_tracking)
            {
                _visited.Add(Identity(directory));
            }

            List<Entry> entries;
            try
            {
                entries = [.. new FileSystemEnumerable<Entry>(directory, ToEntry, Entries)];
            }
            catch (DirectoryNotFoundException) when (directory != root)
            {
                // Removed since its parent was listed: what was below it is gone, not out of sight.
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (directory == root)
                {
                    return e.Message;
                }

                Unreachable(directory, $"cannot read this directory ({e.Message}); skipped");
                return null;
            }

            List<string>? links = null;
            foreach (var entry in entries)
            {
                var path = Path.Combine(directory, entry.Name);
                switch (entry.Kind)
                {
                    case EntryKind.Link when entry.Name != HomeDirectoryName:
                        (links ??= []).Add(path);
                        break;
                    case EntryKind.Directory when entry.Name == HomeDirectoryName:
                        break;
                    case EntryKind.Directory when !_tracking || !_visited.Contains(Identity(path)):
                        Visit(path);
                        break;
                    case EntryKind.File when entry.File is { Exists: true }:
                        _files.Add(new SpecTreeFile(path, entry.File));
                        break;
                }
            }

            // Sorted, so that which of two links to one place wins does not depend on directory order.
            foreach (var link in links?.Order(StringComparer.Ordinal) ?? Enumerable.Empty<string>())
            {
                Link(link);
            }

            return null;
        }

        private static Entry ToEntry(ref FileSystemEntry entry)
        {
            var name = entry.FileName.ToString();
            if (entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                return new Entry(name, EntryKind.Link, null);
            }

            return entry.IsDirectory
                ? new Entry(name, EntryKind.Directory, null)
                : new Entry(name, EntryKind.File, SpecFile.IsCandidate(name) ? (FileInfo)entry.ToFileSystemInfo() : null);
        }

        private void Link(string path)
        {
            var link = new FileInfo(path);
            if (!FileIdentity.TryOf(path, out var target, out var isDirectory, out var problem))
            {
                // No link text: the link itself was removed since the directory was listed.
                if (link.LinkTarget is { } text)
                {
                    Unreachable(path, $"dangling symbolic link to {text} ({problem}); skipped");
                }

                return;
            }

            if (isDirectory)
            {
                _linkedDirectories.Enqueue((path, target));
                return;
            }

            if (!SpecFile.IsCandidate(link.Name))
            {
                return;
            }

            try
            {
                if (link.ResolveLinkTarget(returnFinalTarget: true) is FileInfo { Exists: true } content)
                {
                    _linkedFiles.Add((new SpecTreeFile(path, content), target));
                }
            }
            catch (IOException e)
            {
                Unreachable(path, $"cannot follow this symbolic link ({e.Message}); skipped");
            }
        }

        /// <summary>From the first link on, every directory listed is known by its identity.</summary>
        private void Track()
        {
            if (!_tracking)
            {
                _tracking = true;
                _visited.UnionWith(_visitedPaths.Select(Identity));
            }
        }

        private FileIdentity Identity(string directory)
        {
            if (!_identities.TryGetValue(directory, out var identity))
            {
                // A directory removed meanwhile gets an identity nothing else has.
                _identities[directory] = identity = FileIdentity.Of(directory) ?? new FileIdentity(0, (ulong)_identities.Count, -1);
            }

            return identity;
        }

        /// <summary>True when <paramref name="target"/> is a directory the walk went through to reach <paramref name="link"/>.</summary>
        private bool IsAncestor(FileIdentity target, string link) =>
            _visitedPaths.Any(p => link.StartsWith(p.EndsWith('/') ? p : p + "/", StringComparison.Ordinal) && Identity(p) == target);

        /// <summary>True when <paramref name="target"/> is <paramref name="directory"/> or one of its parents on disk (<c>..</c>, not the path walked).</summary>
        private static bool IsAbove(FileIdentity target, string directory)
        {
            var current = directory;
            var identity = FileIdentity.Of(current);
            while (identity is { } here)
            {
                if (here == target)
                {
                    return true;
                }

                current = Path.Combine(current, "..");
                var parent = FileIdentity.Of(current);
                if (parent == here)
                {
                    return false;
                }

                identity = parent;
            }

            return false;
        }

        /// <summary>Adds symlinked files unless the file behind them is already listed under another path.</summary>
        private void AddLinkedFiles()
        {
            if (_linkedFiles.Count == 0)
            {
                return;
            }

            var listed = _files.Select(f => FileIdentity.Of(f.Path)).OfType<FileIdentity>().ToHashSet();
            foreach (var (file, target) in _linkedFiles)
            {
                if (listed.Add(target))
                {
                    _files.Add(file);
                }
            }
        }

        private void Unreachable(string path, string message)
        {
            _unreachable.Add(path);
            Warn(path, message);
        }

        private void Warn(string path, string message) =>
            _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, path, 0, 0, "", message));
    }
}
