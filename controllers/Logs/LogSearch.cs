using System.Text;

namespace SacOperator.Logs;

/// <summary>Finds a short text in a log and its rotated generations, newest bytes first.</summary>
public static class LogSearch
{
    private const int Chunk = 256 * 1024;

    /// <summary>
    /// True when <paramref name="text"/> occurs in the live file or a generation. Reads backwards
    /// from the end, so a text written recently is found after a few reads however large the log.
    /// </summary>
    public static bool Contains(string live, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        return needle.Length > 0 && LogGenerations.Files(live).Reverse().Any(file => FileContains(file, needle));
    }

    private static bool FileContains(string path, byte[] needle)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[Chunk + needle.Length - 1];
            var end = stream.Length;
            while (end > 0)
            {
                // Each window overlaps the next (earlier) one by needle.Length - 1 bytes, so a match
                // that straddles a window boundary is still whole in one of them.
                var start = Math.Max(0, end - Chunk);
                var length = (int)Math.Min(end + needle.Length - 1, stream.Length) - (int)start;
                stream.Position = start;
                stream.ReadExactly(buffer, 0, length);
                if (buffer.AsSpan(0, length).IndexOf(needle) >= 0)
                {
                    return true;
                }

                end = start;
            }

            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
