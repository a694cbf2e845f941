using System.Diagnostics;
using System.Text.Json;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.RemoteNodes;
using SacOperator.Serialization;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.EndToEnd;

/// <summary>
/// The built <c>sacop node start</c> (the remote side of an ssh node, run here without ssh) and
/// its per-launch start lock: held by another open file, the start refuses before any spawn; a
/// finished start leaves no lock file behind.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[Category("EndToEnd")]
public sealed class NodeStartCliTests
{
    [Test]
    public async Task NodeStart_AnotherStartOfTheLaunchHoldsItsLock_ExitsFailedAndSpawnsNothing()
    {
        using var home = new TempDirectory("nodestart");
        var path = home.Combine("starting", "ffffffffffffffffffffffff");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);

        var (exitCode, _, error) = await StartAsync(home.Path, "ffffffffffffffffffffffff");

        exitCode.Should().Be(NodeExitCodes.Failed, "a failure, not a refusal: the operator keeps the launch and looks for it again");
        error.Should().NotBeEmpty();
        HomeProcesses.List(home.Path).Should().BeEmpty("one launch is never spawned by two starts");
    }

    [Test]
    public async Task NodeStart_Spawned_AnswersAndLeavesNoLockFileBehind()
    {
        using var home = new TempDirectory("nodestart");

        var (exitCode, output, error) = await StartAsync(home.Path, "abababababababababababab");
        var started = exitCode == 0 ? JsonSerializer.Deserialize<RemoteStarted>(output, ModelJson.Options) : null;
        try
        {
            exitCode.Should().Be(0, error);
            started!.Pid.Should().BePositive();
            Directory.EnumerateFiles(home.Combine("starting")).Should().BeEmpty("the lock file goes with the start that held it");
        }
        finally
        {
            HomeProcesses.KillAll(home.Path);
        }
    }

    private static async Task<(int ExitCode, string Output, string Error)> StartAsync(string home, string launchId)
    {
        var launch = new RemoteLaunch
        {
            Agent = "w1",
            Runtime = AgentRuntimes.Local,
            Spec = new AgentSpec { Runtime = AgentRuntimes.Local, Command = ["sleep", "600"] },
            InstanceName = "sac-w1",
            LaunchId = launchId,
        };
        var info = Repo.SacopStartInfo(["node", "start", "--home", home]);
        info.RedirectStandardInput = true;
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(ModelJson.Serialize(launch));
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WithTimeout();
        return (process.ExitCode, await output, await error);
    }
}
