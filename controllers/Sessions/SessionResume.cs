using SacOperator.Logs;

namespace SacOperator.Sessions;

/// <summary>
/// Where folding resumes after a <see cref="SessionCheckpoint"/>, across rotations that happened
/// after it was recorded (only the operator rotates, so these are the rotations between its last
/// save and its crash). Rotation renames keep a generation's stamp, so the recorded <c>.1</c> is
/// found again as <c>.k</c>: the position is then walked through the cuts made since, newest cut
/// last, and whatever of them lies after the position is read before the live file.
/// </summary>
public static class SessionResume
{
    /// <summary>The bytes of rotated generations still to fold, and the offset to follow the live file from.</summary>
    public static (byte[] Carry, long LiveOffset) Plan(string live, SessionCheckpoint checkpoint)
    {
        var stamps = Generations(live);
        var current = stamps.Count > 0 ? stamps[0].Stamp : 0;
        if (checkpoint.Generation == current)
        {
            // Not rotated since. A live file shorter than the offset was emptied by hand: skip rather than count again.
            return ([], Math.Min(checkpoint.Offset, Length(live)));
        }

        // The recorded .1 is now .k; with no .1 recorded, every generation present is a cut made since.
        var k = checkpoint.Generation == 0
            ? stamps.Count + 1
            : stamps.FindIndex(g => g.Stamp == checkpoint.Generation) + 1;
        if (k <= 1)
        {
            // The recorded generation was dropped (more rotations than files kept): what the cuts since
            // hold cannot be told from what was folded. Follow the live file from its start; the
            // dropped remainder is not counted (never counted twice).
            return ([], 0);
        }

        using var carry = new MemoryStream();
        var position = checkpoint.Offset;
        for (var g = k - 1; g >= 1; g--)
        {
            var path = LogGenerations.PathOf(live, g);
            var length = Length(path);
            if (position < length)
            {
                using var file = File.Open(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.Seek(position, SeekOrigin.Begin);
                file.CopyTo(carry);
                position = 0;
            }
            else
            {
                position -= length;
            }
        }

        return (carry.ToArray(), Math.Min(position, Length(live)));
    }

    /// <summary>Numbered generations in order (.1 first) with their stamps, up to the first gap.</summary>
    private static List<(int Number, long Stamp)> Generations(string live)
    {
        var list = new List<(int, long)>();
        for (var g = 1; LogFollower.GenerationStamp(LogGenerations.PathOf(live, g)) is var stamp and not 0; g++)
        {
            list.Add((g, stamp));
        }

        return list;
    }

    private static long Length(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? info.Length : 0;
    }
}
