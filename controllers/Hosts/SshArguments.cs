using System.Globalization;
using SacOperator.Model;

namespace SacOperator.Hosts;

/// <summary>
/// The ssh argv for one command on a Host. Every command shares one master connection per host
/// (<c>ControlMaster=auto</c>, <c>ControlPersist</c>), so a probe costs a channel, not a handshake.
/// Never interactive (<c>BatchMode</c>): a password or host-key prompt is a failed probe with
/// ssh's message, not a hung operator. The user's <c>spec.ssh.options</c> come last but before the
/// destination, so they can override anything except the control socket settings ssh reads first.
/// </summary>
public static class SshArguments
{
    /// <summary>How long an idle master connection stays up after its last command.</summary>
    public static readonly TimeSpan Persist = TimeSpan.FromMinutes(10);

    /// <param name="controlDirectory">A private directory (0700) for the control sockets.</param>
    /// <param name="remoteCommand">One command string for the remote shell (quote its words with <see cref="ShellQuote"/>).</param>
    public static IReadOnlyList<string> For(string ssh, HostSpec spec, string controlDirectory, string remoteCommand) =>
        [.. Connection(ssh, spec, controlDirectory), "--", spec.Address, remoteCommand];

    /// <summary>Asks the master connection of this host to exit (the Host is gone).</summary>
    public static IReadOnlyList<string> Exit(string ssh, HostSpec spec, string controlDirectory) =>
        [.. Connection(ssh, spec, controlDirectory), "-O", "exit", "--", spec.Address];

    private static List<string> Connection(string ssh, HostSpec spec, string controlDirectory)
    {
        var settings = spec.Ssh ?? new SshSpec();
        var argv = new List<string>
        {
            ssh,
            "-o", "BatchMode=yes",
            "-o", "ControlMaster=auto",
            "-o", "ControlPath=" + Path.Combine(controlDirectory, "%C"),
            "-o", "ControlPersist=" + ((int)Persist.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-o", "ConnectTimeout=" + Math.Max(1, (int)Math.Ceiling(settings.ConnectTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            // A master whose peer vanished (host down, network cut) notices within about 15 s.
            "-o", "ServerAliveInterval=5",
            "-o", "ServerAliveCountMax=3",
        };
        if (settings.Port is { } port)
        {
            argv.AddRange(["-p", port.ToString(CultureInfo.InvariantCulture)]);
        }

        if (settings.IdentityFile is { Length: > 0 } identity)
        {
            argv.AddRange(["-i", identity, "-o", "IdentitiesOnly=yes"]);
        }

        if (settings.Jump.Count > 0)
        {
            argv.AddRange(["-J", string.Join(',', settings.Jump)]);
        }

        foreach (var option in settings.Options)
        {
            argv.AddRange(["-o", option]);
        }

        return argv;
    }
}
