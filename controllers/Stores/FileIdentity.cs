using System.Runtime.InteropServices;

namespace SacOperator.Stores;

/// <summary>
/// Which file or directory a path leads to, symbolic links followed: device and inode, plus the
/// birth time where the filesystem records one (ext4 hands a freed inode number straight to the
/// next directory, so <c>rm -rf agents; mkdir agents</c> keeps device and inode). Two paths with
/// the same identity are one file, however many links lead there; a directory whose identity
/// changed under the same path was replaced (<c>mv new agents</c>). .NET exposes no inode, so this
/// asks <c>statx(2)</c>, whose structure is the same on every Linux architecture.
/// </summary>
/// <param name="BirthNanoseconds">Creation time in ns since the epoch; 0 where the filesystem has none (NFS).</param>
public readonly partial record struct FileIdentity(ulong Device, ulong Inode, long BirthNanoseconds)
{
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
    private const int ELOOP = 40;

    /// <summary>Looks <paramref name="path"/> up; false with the reason (e.g. a dangling link) when it leads nowhere.</summary>
    public static bool TryOf(string path, out FileIdentity identity, out bool isDirectory, out string? problem)
    {
        if (!Native.TryStat(path, out identity, out isDirectory, out var errno))
        {
            problem = errno switch
            {
                ENOENT or ENOTDIR => "no such file or directory",
                ELOOP => "too many levels of symbolic links",
                _ => Marshal.GetPInvokeErrorMessage(errno),
            };
            return false;
        }

        problem = null;
        return true;
    }

    /// <summary>The identity of <paramref name="path"/>, or null when it leads nowhere.</summary>
    public static FileIdentity? Of(string path) => Native.TryStat(path, out var identity, out _, out _) ? identity : null;

    public override string ToString() => $"{Device}:{Inode}";

    private static unsafe partial class Native
    {
        private const int AtFdCwd = -100;
        private const uint StatxType = 0x1;
        private const uint StatxIno = 0x100;
        private const uint StatxBtime = 0x800;
        private const int SizeOfStatx = 256;
        private const int MaskOffset = 0;
        private const int ModeOffset = 28;
        private const int InodeOffset = 32;
        private const int BirthSecondsOffset = 80;
        private const int BirthNanosecondsOffset = 88;
        private const int DevMajorOffset = 136;
        private const int DevMinorOffset = 140;
        private const int FileTypeMask = 0xF000;
        private const int DirectoryType = 0x4000;

        public static bool TryStat(string path, out FileIdentity identity, out bool isDirectory, out int errno)
        {
            var buffer = stackalloc byte[SizeOfStatx];
            if (statx(AtFdCwd, path, 0, StatxType | StatxIno | StatxBtime, buffer) != 0)
            {
                errno = Marshal.GetLastPInvokeError();
                identity = default;
                isDirectory = false;
                return false;
            }

            var mode = *(ushort*)(buffer + ModeOffset);
            var device = ((ulong)*(uint*)(buffer + DevMajorOffset) << 32) | *(uint*)(buffer + DevMinorOffset);
            var birth = (*(uint*)(buffer + MaskOffset) & StatxBtime) == 0
                ? 0
                : (*(long*)(buffer + BirthSecondsOffset) * 1_000_000_000) + *(uint*)(buffer + BirthNanosecondsOffset);
            identity = new FileIdentity(device, *(ulong*)(buffer + InodeOffset), birth);
            isDirectory = (mode & FileTypeMask) == DirectoryType;
            errno = 0;
            return true;
        }

        [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        private static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);
    }
}
