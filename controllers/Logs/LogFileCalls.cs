using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SacOperator.Logs;

/// <summary>The few file system calls rotation needs beyond what .NET offers (Linux).</summary>
internal static unsafe partial class LogFileCalls
{
    private const string Lib = "libc";

    /// <summary>Removes a range from the file without leaving a hole: the data after it moves down (ext4, XFS).</summary>
    private const int FALLOC_FL_COLLAPSE_RANGE = 0x08;

    private const int EINVAL = 22;
    private const int EOPNOTSUPP = 95;
    private const int O_RDONLY = 0;
    private const int O_DIRECTORY = 0x10000;
    private const int O_CLOEXEC = 0x80000;

    /// <summary>Collapse needs offsets in whole blocks of this size at least.</summary>
    private const long MinimumBlock = 4096;

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int fallocate(int fd, int mode, long offset, long length);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int fstatvfs(int fd, byte* buffer);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport(Lib, SetLastError = true)]
    private static partial int close(int fd);

    /// <summary>
    /// Drops <paramref name="length"/> bytes from the start of the file in place. False when the
    /// file system cannot (tmpfs, NFS, btrfs: EOPNOTSUPP; an alignment it rejects: EINVAL).
    /// </summary>
    /// <exception cref="IOException">Any other failure.</exception>
    public static bool TryCollapseStart(SafeFileHandle file, long length)
    {
        if (fallocate(Fd(file), FALLOC_FL_COLLAPSE_RANGE, 0, length) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EOPNOTSUPP or EINVAL
            ? false
            : throw new IOException($"collapsing the first {length} bytes failed: {Marshal.GetPInvokeErrorMessage(errno)}");
    }

    /// <summary>The file system's block size (statvfs f_bsize, the first field on every 64-bit glibc), at least 4 KiB.</summary>
    public static long BlockSize(SafeFileHandle file)
    {
        var buffer = stackalloc byte[256];
        if (fstatvfs(Fd(file), buffer) != 0)
        {
            return MinimumBlock;
        }

        var size = (long)*(ulong*)buffer;
        return size > MinimumBlock && (size & (size - 1)) == 0 ? size : MinimumBlock;
    }

    /// <summary>Makes renames and creations in <paramref name="directory"/> durable; best effort.</summary>
    public static void SyncDirectory(string directory)
    {
        var fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0)
        {
            fsync(fd);
            close(fd);
        }
    }

    private static int Fd(SafeFileHandle file) => (int)file.DangerousGetHandle();
}
