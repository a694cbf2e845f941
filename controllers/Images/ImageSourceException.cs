namespace SacOperator.Images;

/// <summary>The source cannot be read (a def file or a file it copies is missing): names the file.</summary>
public sealed class ImageSourceException(string message) : Exception(message);
