using System.Runtime.InteropServices;

namespace SacOperator.State;

/// <summary>
/// Device and inode of a file: tells whether the file at a path is still the one a long-lived
/// connection has open (an <c>rm</c> or a replacement leaves the connection writing to an
/// unlinked file, and every later write would silently vanish).
/// </summary>
public readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The identity of the file at <paramref name="path"/> (links followed), or null when there is none.</summary>
    public static FileIdentity? Of(string path) =>
        Stat(path, out var device, out var inode) == 0 ? new FileIdentity(device, inode) : null;

    private static unsafe int Stat(string path, out ulong device, out ulong inode)
    {
        // struct stat on Linux 64-bit (x86_64 and aarch64): st_dev at offset 0, st_ino at offset 8.
        var buffer = stackalloc byte[256];
        var rc = stat(path, buffer);
        device = *(ulong*)buffer;
        inode = *(ulong*)(buffer + 8);
        return rc;
    }

    /// <summary>The first 16 bytes at offset 0 of an already open descriptor (pread: no open, no close, no lock change).</summary>
    public static unsafe byte[]? ReadHeader(int fd)
    {
        var buffer = new byte[16];
        fixed (byte* p = buffer)
        {
            return pread(fd, p, 16, 0) == 16 ? buffer : null;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern unsafe nint pread(int fd, byte* buffer, nint count, long offset);

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern unsafe int stat(string path, byte* buffer);
}
