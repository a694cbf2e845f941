using System.Security.Cryptography;
using System.Text;

namespace SacOperator.Hosts;

public sealed record HostControllerOptions
{
    /// <summary>The ssh client (a path, or a name looked up on PATH).</summary>
    public string Ssh { get; init; } = "ssh";

    /// <summary>Private directory (0700) of the ssh control sockets; short, since a socket path is limited to 108 bytes.</summary>
    public required string ControlDirectory { get; init; }

    /// <summary>Time allowed for the probe command itself, on top of the connect timeout.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Failed probes in a row after which a Ready host turns NotReady (one blip is not an outage).</summary>
    public int MissedProbes { get; init; } = 3;

    /// <summary>
    /// <c>&lt;home&gt;/ssh</c> when that leaves room for ssh's socket names (40 hex characters plus
    /// a 17-character temporary suffix while a master starts), else a directory under <c>/tmp</c>
    /// named after the user and the home, so two operators never share sockets.
    /// </summary>
    public static string ControlDirectoryFor(string operatorHome)
    {
        var inHome = Path.Combine(Path.GetFullPath(operatorHome), "ssh");
        if (inHome.Length + 1 + 40 + 17 < 100)
        {
            return inHome;
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(operatorHome))))[..12];
        return Path.Combine("/tmp", $"sacop-ssh-{Environment.UserName}-{digest}");
    }
}
