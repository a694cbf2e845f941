using System.Diagnostics;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.RemoteNodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.RemoteNodes;

/// <summary>The ssh argv of node verbs (golden files in testdata/argv), and what the remote shell makes of its command string.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class NodeCommandLineGoldenTests
{
    private static readonly HostSpec Hpc = new()
    {
        Address = "alice@login1.cluster",
        Ssh = new SshSpec { Port = 2222, IdentityFile = "~/.ssh/id_cluster", ConnectTimeout = TimeSpan.FromSeconds(7.5) },
        Preamble = "module load apptainer",
        Node = new HostNodeSpec { Command = ["/opt/sacop/bin/sacop"], Home = "~/.sacop-hpc" },
    };

    [Test]
    public void Argv_Start_MatchesGoldenAndCarriesNoLaunchOnTheCommandLine()
    {
        var argv = NodeCommandLine.Argv("ssh", Hpc, "/home/alice/.sacop/ssh", "start", []);

        Golden.Check(Path.Combine(Repo.TestData, "argv"), "ssh-node-start.txt", string.Join("\n", argv) + "\n");
    }

    [Test]
    public void Argv_Signal_MatchesGolden()
    {
        var argv = NodeCommandLine.Argv("ssh", Hpc, "/home/alice/.sacop/ssh", "signal", ["--pid", "4242", "--ticks", "9000", "--signal", "15", "--group"]);

        Golden.Check(Path.Combine(Repo.TestData, "argv"), "ssh-node-signal.txt", string.Join("\n", argv) + "\n");
    }

    [Test]
    public async Task Remote_WordsWithQuotesAndTildes_ReachTheProgramUnchanged()
    {
        // The remote login shell parses the command string: run it through sh here, with printf as "sacop".
        var node = new HostNodeSpec { Command = ["printf", "%s\\n"], Home = "~/it's home" };
        var remote = NodeCommandLine.Remote(node, "X=1; echo preamble-ran", "tail", ["--file", "runtime/a b/stderr.log", "--from", "$HOME"]);

        var output = await RunShellAsync(remote);

        output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "preamble-ran", "node", "tail", "--home", "~/it's home", "--file", "runtime/a b/stderr.log", "--from", "$HOME");
    }

    private static async Task<string> RunShellAsync(string commandString)
    {
        using var shell = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", commandString]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await shell.StandardOutput.ReadToEndAsync();
        await shell.WaitForExitAsync().WithTimeout();
        shell.ExitCode.Should().Be(0);
        return output;
    }
}
