using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace SacOperator.Logs;

/// <summary>
/// The record of a rotation in progress (<c>&lt;file&gt;.rotating</c>), written before the live
/// file is changed and removed after: an operator that died in between finishes the rotation
/// at its next check, exactly once. Whether the cut already happened is read from the live file
/// itself: it starts either with <see cref="Before"/> (not yet) or with <see cref="After"/> (done);
/// rotation only picks cuts where those differ.
/// </summary>
internal sealed record RotationJournal
{
    /// <summary>Bytes moved from the start of the live file to <c>.1</c>.</summary>
    public required long Cut { get; init; }

    /// <summary>Length of the compared window.</summary>
    public required int Window { get; init; }

    /// <summary>SHA-256 of the live file's first <see cref="Window"/> bytes before the cut.</summary>
    public required string Before { get; init; }

    /// <summary>SHA-256 of the <see cref="Window"/> bytes at <see cref="Cut"/>: the live file's start after it.</summary>
    public required string After { get; init; }

    public static string PathFor(string live) => live + ".rotating";

    public static RotationJournal? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RotationJournal>(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is JsonException or FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary name, synced and renamed, so a journal is never seen half-written.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, this);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Hash of <paramref name="length"/> bytes at <paramref name="offset"/>; null when the file is shorter.</summary>
    public static string? Hash(SafeFileHandle file, long offset, int length)
    {
        var buffer = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = RandomAccess.Read(file, buffer.AsSpan(read), offset + read);
            if (n == 0)
            {
                return null;
            }

            read += n;
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer));
    }
}
