using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>
/// Agents that name an Image, with the operator in-process: real builds through the apptainer
/// stand-in and real agent processes in its instances.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ImageAgentIntegrationTests : IAsyncDisposable
{
    private static readonly ResourceKey Base = new(ResourceKinds.Image, "", "base");
    private OperatorHarness _operator = null!;

    [SetUp]
    public async Task StartOperator()
    {
        Tools.Require("bwrap", "the Debian package bubblewrap");
        _operator = await OperatorHarness.StartAsync();
    }

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    [Test]
    public async Task AgentNamingAnImageWhoseBuildFailed_WaitsWithImageReadyFalse_AndStartsOnceItIsBuilt()
    {
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def() + "# standin-build: fail\n");
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base"));
        _operator.WriteSpec("worker.yaml", Agent());
        var waiting = await _operator.WaitForAgentAsync("worker", s => s.Reason == "ImageNotReady" && s.Message!.Contains("BuildFailed"));

        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def());
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base", labels: "  labels:\n    fixed: \"1\"\n"));
        var running = await _operator.WaitForAgentAsync("worker", s => s.Phase == AgentPhases.Running, TimeSpan.FromSeconds(60));

        waiting.Phase.Should().Be(AgentPhases.Pending);
        waiting.Pid.Should().BeNull();
        waiting.Conditions.Should().ContainSingle(c => c.Type == AgentConditions.ImageReady).Which.Status.Should().Be(ConditionStatus.False);
        waiting.Message.Should().Contain("E: Unable to locate package no-such-package");
        running.Conditions.Should().ContainSingle(c => c.Type == AgentConditions.ImageReady).Which.Status.Should().Be(ConditionStatus.True);
        _operator.Events("worker").Should().NotContain(e => e.Reason == "StartFailed", "waiting for the image is no failed start");
    }

    [Test]
    public async Task NewActiveVersion_RestartsTheAgentOntoIt_WithImageChanged()
    {
        _operator.WriteSpec("base.def", ImageControllerIntegrationTests.Def());
        _operator.WriteSpec("base.yaml", ImageControllerIntegrationTests.Image("base"));
        _operator.WriteSpec("worker.yaml", Agent());
        var first = await _operator.WaitForAgentAsync("worker", s => s.Phase == AgentPhases.Running, TimeSpan.FromSeconds(60));

        _operator.Services.GetRequiredService<StateStore>().AddRequest(Base, "build");
        var second = await _operator.WaitForAgentAsync("worker", s => s.Phase == AgentPhases.Running && s.Pid != first.Pid, TimeSpan.FromSeconds(60));

        var layout = ImageLayout.For(_operator.Home, "base");
        second.RestartCount.Should().Be(1);
        ImageDisk(layout).Should().Be("v2");
        File.ReadAllText(Path.Combine(_operator.Dir.Combine("standin-state"), "instances", "sac-worker", "image")).Trim()
            .Should().Be(layout.SifIn(layout.VersionDirectory("v2")));
        _operator.Events("worker").Should().Contain(e => e.Reason == "ImageChanged");
    }

    private static string? ImageDisk(ImageLayout layout) => SacOperator.Images.ImageDisk.Current(layout);

    private static string Agent() => """
        apiVersion: sacoperator.dev/v1alpha1
        kind: Agent
        metadata:
          name: worker
        spec:
          runtime: apptainer
          image: base
          command: ["sleep", "600"]
        """;
}
