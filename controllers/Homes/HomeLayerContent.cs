namespace SacOperator.Homes;

/// <summary>What one layer holds, as read from disk (an absent layer holds nothing).</summary>
public sealed record HomeLayerContent(string Name, IReadOnlyList<string> Directories, IReadOnlyList<HomeSourceFile> Files);
