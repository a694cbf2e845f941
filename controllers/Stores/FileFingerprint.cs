namespace SacOperator.Stores;

/// <summary>Size and modification time: a changed fingerprint means the file must be read again.</summary>
public readonly record struct FileFingerprint(long Length, long LastWriteTicks)
{
    public static FileFingerprint Of(FileInfo file) => new(file.Length, file.LastWriteTimeUtc.Ticks);
}
