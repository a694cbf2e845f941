namespace SacOperator.Stores;

/// <summary>
/// A spec file found under a root: the path it is known by (through a symlink when it was reached
/// through one) and the file behind it, whose size and mtime say whether the content changed
/// (for a symlinked file, the link's own would never change when the target is edited).
/// </summary>
public sealed record SpecTreeFile(string Path, FileInfo Content);
