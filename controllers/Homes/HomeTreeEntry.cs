namespace SacOperator.Homes;

/// <param name="RelativePath">Below the layer's root, with <c>/</c> separators.</param>
/// <param name="SourcePath">The file or directory to read: symlinks are followed (sac copies what a link points to).</param>
/// <param name="Broken">A symlink whose target does not exist (or a loop); sac refuses to deploy those.</param>
public sealed record HomeTreeEntry(string RelativePath, string SourcePath, bool IsDirectory, bool Executable, bool Broken);
