using System.Collections.Immutable;
using SacOperator.Parsing;

namespace SacOperator.Stores;

/// <summary>
/// Lists the spec files under a root the way the store and <c>sacop validate</c> see them. Hidden
/// entries are skipped. Symbolic links are followed, but every directory is visited once (by device
/// and inode) and every file listed once, so a link never makes one spec look like two; the real
/// path wins over a symlinked one because links are followed only after the real tree. A link back
/// to a directory above it is reported once and not followed, and a dangling link is reported,
/// never thrown.
/// </summary>
public static class SpecTree
{
    private static readonly EnumerationOptions Entries = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        AttributesToSkip = FileAttributes.Hidden,
    };

    public static SpecTreeListing List(string root) => new Walk(root).Run();

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

    private sealed class Walk(string root)
    {
        private readonly HashSet<FileIdentity> _visited = [];
        private readonly Queue<(string Path, FileIdentity Target, ImmutableHashSet<FileIdentity> Ancestors)> _linkedDirectories = new();
        private readonly List<SpecTreeFile> _files = [];
        private readonly List<(SpecTreeFile File, FileIdentity Target)> _linkedFiles = [];
        private readonly List<Diagnostic> _diagnostics = [];
        private readonly List<string> _unreachable = [];

        public SpecTreeListing Run()
        {
            if (!FileIdentity.TryOf(root, out var identity, out var isDirectory, out var problem) || !isDirectory)
            {
                return new SpecTreeListing { RootProblem = problem ?? "not a directory" };
            }

            if (Visit(root, identity, []) is { } unreadable)
            {
                return new SpecTreeListing { RootProblem = unreadable };
            }

            while (_linkedDirectories.TryDequeue(out var link))
            {
                if (link.Ancestors.Contains(link.Target) || IsAbove(link.Target, Path.GetDirectoryName(link.Path)!))
                {
                    Warn(link.Path, "symbolic link to a directory above it (a loop); not followed");
                }
                else if (!_visited.Contains(link.Target))
                {
                    Visit(link.Path, link.Target, link.Ancestors);
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
        private string? Visit(string directory, FileIdentity identity, ImmutableHashSet<FileIdentity> ancestors)
        {
            _visited.Add(identity);
            var chain = ancestors.Add(identity);
            List<FileSystemInfo> entries;
            try
            {
                entries = [.. new DirectoryInfo(directory).EnumerateFileSystemInfos("*", Entries).OrderBy(e => e.Name, StringComparer.Ordinal)];
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

                Unreachable(directory, $"cannot read this directory ({e.Message}); what it defined is kept");
                return null;
            }

            foreach (var entry in entries)
            {
                var path = Path.Combine(directory, entry.Name);
                var attributes = entry.Attributes;
                if ((int)attributes == -1)
                {
                    // Removed since the directory was listed (.NET reports no attributes as all of them).
                    continue;
                }

                if (attributes.HasFlag(FileAttributes.ReparsePoint))
                {
                    Link(path, entry, chain);
                }
                else if (entry is DirectoryInfo)
                {
                    // Gone since it was listed: its files are simply not there any more.
                    if (FileIdentity.TryOf(path, out var child, out var isDirectory, out _) && isDirectory && !_visited.Contains(child))
                    {
                        Visit(path, child, chain);
                    }
                }
                else if (entry is FileInfo file && SpecFile.IsCandidate(entry.Name))
                {
                    _files.Add(new SpecTreeFile(path, file));
                }
            }

            return null;
        }

        private void Link(string path, FileSystemInfo link, ImmutableHashSet<FileIdentity> ancestors)
        {
            if (!FileIdentity.TryOf(path, out var target, out var isDirectory, out var problem))
            {
                // No link text: the link itself was removed since the directory was listed.
                if (link.LinkTarget is { } text)
                {
                    Unreachable(path, $"dangling symbolic link to {text} ({problem}); skipped, what it defined is kept");
                }

                return;
            }

            if (isDirectory)
            {
                _linkedDirectories.Enqueue((path, target, ancestors));
                return;
            }

            if (!SpecFile.IsCandidate(link.Name))
            {
                return;
            }

            try
            {
                if (link.ResolveLinkTarget(returnFinalTarget: true) is FileInfo content)
                {
                    _linkedFiles.Add((new SpecTreeFile(path, content), target));
                }
            }
            catch (IOException e)
            {
                Unreachable(path, $"cannot follow this symbolic link ({e.Message}); skipped");
            }
        }

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
