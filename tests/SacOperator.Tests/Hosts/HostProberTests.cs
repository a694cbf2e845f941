using FluentAssertions;
using NUnit.Framework;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Hosts;

/// <summary>The probe against real hosts: this machine through /bin/sh, and through a real sshd on loopback.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class HostProberTests
{
    [Test]
    public async Task Probe_LocalAddress_ReportsThisMachinesCpusAndMemory()
    {
        using var dir = new TempDirectory("probe");
        var prober = new HostProber(new ProcessRunner(), new HostControllerOptions { ControlDirectory = dir.Combine("ssh") });

        var result = await prober.ProbeAsync(new HostSpec { Address = "local" }, CancellationToken.None);

        result.Succeeded.Should().BeTrue(result.Error);
        result.Facts!.Cpus.Should().Be(Environment.ProcessorCount);
        result.Facts.MemoryBytes.Should().BeGreaterThan(0);
        result.Facts.Load.Should().NotBeNullOrEmpty();
    }

    [Test]
    public async Task Probe_OverRealSsh_ReportsFactsAndLeavesOneSharedConnection()
    {
        await using var sshd = await SshServer.StartNewAsync();
        using var dir = new TempDirectory("probe");
        var control = dir.Combine("ssh");
        var prober = new HostProber(new ProcessRunner(), new HostControllerOptions { ControlDirectory = control });

        var first = await prober.ProbeAsync(sshd.HostSpec(), CancellationToken.None);
        var second = await prober.ProbeAsync(sshd.HostSpec(), CancellationToken.None);

        first.Succeeded.Should().BeTrue(first.Error);
        second.Succeeded.Should().BeTrue(second.Error);
        second.Facts!.Cpus.Should().Be(Environment.ProcessorCount);
        second.Facts.MemoryBytes.Should().BeGreaterThan(0);
        Directory.GetFileSystemEntries(control).Should().ContainSingle("both probes share one master connection (its control socket)");
        File.GetUnixFileMode(control).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await prober.DisconnectAsync(sshd.HostSpec(), CancellationToken.None);
        await Eventually.Until(() => Directory.GetFileSystemEntries(control).Length == 0, "the master connection closing on disconnect");
    }

    [Test]
    public async Task Probe_PreambleExtendsPath_FindsApptainerThatANonLoginShellLacks()
    {
        await using var sshd = await SshServer.StartNewAsync();
        using var dir = new TempDirectory("probe");
        var tools = dir.Combine("modules", "apptainer", "bin");
        Directory.CreateDirectory(tools);
        var apptainer = Path.Combine(tools, "apptainer");
        File.WriteAllText(apptainer, "#!/bin/sh\necho 'apptainer version 1.3.4-module'\n");
        File.SetUnixFileMode(apptainer, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var prober = new HostProber(new ProcessRunner(), new HostControllerOptions { ControlDirectory = dir.Combine("ssh") });

        var result = await prober.ProbeAsync(sshd.HostSpec(preamble: $"PATH={tools}:$PATH; export PATH"), CancellationToken.None);

        result.Facts!.ApptainerVersion.Should().Be("apptainer version 1.3.4-module");
        await prober.DisconnectAsync(sshd.HostSpec(), CancellationToken.None);
    }

    [Test]
    public async Task Probe_SshdStopped_FailsUnreachableWithSshsMessageAndAnsweredAgainOnceBack()
    {
        await using var sshd = await SshServer.StartNewAsync();
        using var dir = new TempDirectory("probe");
        var prober = new HostProber(new ProcessRunner(), new HostControllerOptions { ControlDirectory = dir.Combine("ssh") });
        (await prober.ProbeAsync(sshd.HostSpec(), CancellationToken.None)).Succeeded.Should().BeTrue("the host answers at first");

        await sshd.StopAsync();
        var down = await prober.ProbeAsync(sshd.HostSpec(), CancellationToken.None);
        await sshd.StartAsync();
        var back = await prober.ProbeAsync(sshd.HostSpec(), CancellationToken.None);

        down.Succeeded.Should().BeFalse();
        down.Reason.Should().Be(HostReasons.Unreachable);
        down.Error.Should().Contain("refused");
        back.Succeeded.Should().BeTrue(back.Error);
        await prober.DisconnectAsync(sshd.HostSpec(), CancellationToken.None);
    }

    [Test]
    public async Task Probe_HostThatNeverAnswers_FailsWithinItsDeadline()
    {
        using var dir = new TempDirectory("probe");
        // A listener that accepts and says nothing: ssh waits for the banner until the deadline.
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var prober = new HostProber(new ProcessRunner(), new HostControllerOptions { ControlDirectory = dir.Combine("ssh"), CommandTimeout = TimeSpan.FromSeconds(1) });
        var spec = new HostSpec { Address = "nobody@127.0.0.1", Ssh = new SshSpec { Port = port, ConnectTimeout = TimeSpan.FromSeconds(1) } };

        var result = await prober.ProbeAsync(spec, CancellationToken.None).WithTimeout();

        result.Succeeded.Should().BeFalse();
        result.Reason.Should().BeOneOf(HostReasons.ProbeTimeout, HostReasons.Unreachable);
    }
}
