namespace SacOperator.Homes;

/// <param name="RelativePath">Below the layer's root, with <c>/</c> separators; also its place under <c>$HOME</c>.</param>
/// <param name="SourcePath">Copied byte for byte when the file needs no merge.</param>
/// <param name="Text">The content, read only for the files that are merged or generated (<see cref="HomePlanner.NeedsText"/>).</param>
public sealed record HomeSourceFile(string RelativePath, string SourcePath, bool Executable, string? Text = null);
