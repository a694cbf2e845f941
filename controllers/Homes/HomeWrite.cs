namespace SacOperator.Homes;

/// <summary>One file to put in the agent's home: generated <paramref name="Text"/>, or a copy of <paramref name="CopyFrom"/>.</summary>
public sealed record HomeWrite(string RelativePath, string? Text, string? CopyFrom, UnixFileMode Mode);
