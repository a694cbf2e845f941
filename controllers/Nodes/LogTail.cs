namespace SacOperator.Nodes;

/// <summary>The last lines of a log file, cheaply (reads only the end).</summary>
public static class LogTail
{
    /// <param name="from">
    /// Ignore everything before this offset (output of earlier runs). Past the end, the file was
    /// rotated since the offset was taken and the run's output starts earlier: the tail is read.
    /// </param>
    public static string? Read(string path, long from = 0, int lines = 5, int maxChars = 600)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(from > stream.Length ? 0 : from, stream.Length - 4096);
            stream.Seek(start, SeekOrigin.Begin);
            using var reader = new StreamReader(stream);
            var text = reader.ReadToEnd();
            var last = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(lines).ToArray();
            if (last.Length == 0)
            {
                return null;
            }

            var joined = string.Join(" | ", last);
            return joined.Length <= maxChars ? joined : "…" + joined[^maxChars..];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
