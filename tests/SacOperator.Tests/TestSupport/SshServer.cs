using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// A real OpenSSH server on a loopback port, with a throwaway host key, client key and config in
/// a temp dir: the "remote" host of the ssh tests is this machine reached through it. Skips the
/// test (with the reason) where sshd or ssh-keygen is missing. <see cref="StopAsync"/> kills the
/// server with every connection it serves (as a host going down would); <see cref="StartAsync"/>
/// brings it back on the same port with the same keys.
/// </summary>
public sealed class SshServer : IAsyncDisposable
{
    private const string Sshd = "/usr/sbin/sshd";
    private readonly TempDirectory _dir;
    private Process? _process;

    private SshServer(TempDirectory dir, int port)
    {
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public string User { get; } = Environment.UserName;

    public string Directory => _dir.Path;

    /// <summary>A Host spec reaching this server: the client key, a known_hosts holding the server's key, strict checking on.</summary>
    public HostSpec HostSpec(string? preamble = null) => new()
    {
        Address = $"{User}@127.0.0.1",
        Preamble = preamble,
        Ssh = new SshSpec
        {
            Port = Port,
            IdentityFile = _dir.Combine("id_ed25519"),
            Options = ["StrictHostKeyChecking=yes", "UserKnownHostsFile=" + _dir.Combine("known_hosts")],
            ConnectTimeout = TimeSpan.FromSeconds(5),
        },
    };

    /// <summary>The same as YAML lines under <c>spec:</c> of a Host manifest (two-space indented).</summary>
    public string HostSpecYaml() => $"""
          address: {User}@127.0.0.1
          ssh:
            port: {Port}
            identityFile: {_dir.Combine("id_ed25519")}
            options: [StrictHostKeyChecking=yes, "UserKnownHostsFile={_dir.Combine("known_hosts")}"]
            connectTimeout: 5s
        """;

    public static async Task<SshServer> StartNewAsync()
    {
        if (!File.Exists(Sshd) || Tools.Find("ssh-keygen") is null || Tools.Find("ssh") is null)
        {
            Assert.Ignore("OpenSSH server or client not installed (apt-get install openssh-server; .ci/run installs it)");
        }

        var dir = new TempDirectory("sshd");
        File.SetUnixFileMode(dir.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await KeygenAsync(dir.Combine("host_ed25519"));
        await KeygenAsync(dir.Combine("id_ed25519"));
        File.Copy(dir.Combine("id_ed25519.pub"), dir.Combine("authorized_keys"));
        var port = FreePort();
        File.WriteAllText(dir.Combine("known_hosts"), $"[127.0.0.1]:{port} {File.ReadAllText(dir.Combine("host_ed25519.pub")).Trim()}\n");
        File.WriteAllText(dir.Combine("sshd_config"), $"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {dir.Combine("host_ed25519")}
            AuthorizedKeysFile {dir.Combine("authorized_keys")}
            PidFile {dir.Combine("sshd.pid")}
            UsePAM no
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            MaxSessions 100
            MaxStartups 100
            SetEnv HOME={dir.Combine("home")}

            """);
        // Sessions get an empty home: bash started by sshd sources ~/.bashrc, and the machine's own
        // (pyenv, conda, module systems) is slow or, when StopAsync kills a session mid-rehash, hangs
        // on a stale lock for a minute. The hosts under test are not the developer's shell.
        System.IO.Directory.CreateDirectory(dir.Combine("home"));
        if (Environment.UserName == "root")
        {
            // The privilege separation directory sshd insists on when run as root.
            System.IO.Directory.CreateDirectory("/run/sshd");
        }

        var server = new SshServer(dir, port);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo(Sshd) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-D", "-f", _dir.Combine("sshd_config"), "-E", _dir.Combine("sshd.log") })
        {
            info.ArgumentList.Add(argument);
        }

        _process = Process.Start(info)!;
        await Eventually.Until(() => Accepts(Port) || _process.HasExited, "sshd listening on its port");
        if (_process.HasExited)
        {
            Assert.Fail($"sshd exited with {_process.ExitCode}: {File.ReadAllText(_dir.Combine("sshd.log"))}");
        }
    }

    /// <summary>Kills the server and all its connections; returns once the port refuses.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WithTimeout();
        }

        _process?.Dispose();
        _process = null;
        await Eventually.Until(() => !Accepts(Port), "the sshd port refusing connections");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _dir.Dispose();
    }

    private static async Task KeygenAsync(string path)
    {
        using var keygen = Process.Start(new ProcessStartInfo("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path]) { UseShellExecute = false })!;
        await keygen.WaitForExitAsync().WithTimeout();
        keygen.ExitCode.Should().Be(0, "ssh-keygen makes the throwaway keys");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
