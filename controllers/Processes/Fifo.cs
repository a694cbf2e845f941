using System.Text;

namespace SacOperator.Processes;

/// <summary>Named pipes used as agent stdin.</summary>
public static unsafe class Fifo
{
    /// <summary>Creates the FIFO owner-only (replacing a regular file of that name; an existing FIFO is tightened to 0600).</summary>
    public static void Ensure(string path)
    {
        if (File.Exists(path) && (File.GetAttributes(path) & FileAttributes.Normal) != 0)
        {
            File.Delete(path);
        }

        if (LibC.mkfifo(path, (uint)PrivateFiles.OwnerOnlyFile) != 0)
        {
            if (LibC.LastError != 17 /* EEXIST */)
            {
                throw new IOException($"cannot create FIFO {path}: {LibC.Describe(LibC.LastError)}");
            }

            PrivateFiles.Tighten(path);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> without blocking. Returns false when no process reads the
    /// FIFO (the agent is gone) or the pipe is full.
    /// </summary>
    public static bool TryWrite(string path, string text)
    {
        var fd = LibC.open(path, LibC.O_WRONLY | LibC.O_NONBLOCK | LibC.O_CLOEXEC, 0);
        if (fd < 0)
        {
            return false;
        }

        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* p = bytes)
            {
                nint written = 0;
                while (written < bytes.Length)
                {
                    var n = LibC.write(fd, p + written, bytes.Length - written);
                    if (n <= 0)
                    {
                        return false;
                    }

                    written += n;
                }
            }

            return true;
        }
        finally
        {
            LibC.close(fd);
        }
    }
}
