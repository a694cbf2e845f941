using System.Runtime.InteropServices;

namespace SacOperator.Images;

/// <summary>
/// rename(2): replaces the destination in one step whatever the entries are. .NET's File.Move
/// follows a symlink to a directory and refuses it, so switching <c>current</c> needs this.
/// </summary>
internal static partial class AtomicRename
{
    public static void Replace(string source, string destination)
    {
        if (rename(source, destination) != 0)
        {
            throw new IOException($"rename {source} → {destination} failed: {Marshal.GetLastPInvokeErrorMessage()}");
        }
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int rename(string oldpath, string newpath);
}
