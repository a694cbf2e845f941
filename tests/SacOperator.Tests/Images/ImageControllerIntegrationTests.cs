using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>
/// The operator in-process with the Image controller running real builds through the apptainer
/// stand-in (tests/standins/apptainer: real processes writing real files, failing or hanging on
/// a def-file marker).
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class ImageControllerIntegrationTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;

    [SetUp]
    public async Task StartOperator() => _operator = await OperatorHarness.StartAsync(o => o with
    {
        Environment = new Dictionary<string, string>(o.Environment!) { ["APPTAINER_STANDIN_LOG"] = o.Home + "-apptainer.log" },
    });

    public async ValueTask DisposeAsync() => await _operator.DisposeAsync();

    [Test]
    public async Task DefFile_Built_BecomesReadyWithTheSha256OfTheArtifactOnDisk()
    {
        _operator.WriteSpec("tools.txt", "v1 of a copied file\n");
        _operator.WriteSpec("base.def", Def("tools.txt"));
        _operator.WriteSpec("base.yaml", Image("base", "  fakeroot: true\n"));

        var ready = await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        var layout = ImageLayout.For(_operator.Home, "base");
        var built = ready.Versions.Should().ContainSingle().Subject;
        ready.ActiveVersion.Should().Be("v1");
        ready.Host.Should().Be("node1");
        built.Path.Should().Be(layout.SifIn(layout.VersionDirectory("v1")));
        built.Sha256.Should().Be(ImageDisk.Sha256Of(built.Path)).And.StartWith("sha256:");
        built.Size.Should().Be(new FileInfo(built.Path).Length);
        layout.ActiveArtifact().Should().Be(built.Path);
        File.ReadAllText(layout.LogOf("v1")).Should().Contain("INFO:    Build complete:");
        File.ReadAllLines(_operator.Home + "-apptainer.log").Should().ContainSingle(l => l.Contains(" build ")).Which.Should()
            .Be($"apptainer build --fakeroot {layout.SifIn(layout.StagingDirectory("v1"))} {Path.Combine(_operator.AgentsDir, "base.def")}");
        Events("base").Select(e => e.Reason).Should().ContainInOrder(ImageReasons.BuildStarted, ImageReasons.Built, ImageReasons.Switched);
        ImageDisk.StagingDirectories(layout).Should().BeEmpty();
    }

    [Test]
    public async Task UnchangedSource_AfterAnOperatorRestart_IsNotRebuilt()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base"));
        await WaitAsync("base", s => s.Phase == ImagePhases.Ready);
        await _operator.StopOperatorAsync();

        _operator = await OperatorHarness.StartAsync(_operator.Dir);
        var again = await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        again.Versions.Select(v => v.Version).Should().Equal("v1");
        Directory.EnumerateFiles(ImageLayout.For(_operator.Home, "base").Logs, "*.log").Should().ContainSingle();
    }

    [Test]
    public async Task FailedBuild_KeepsThePreviousVersionActive_AndReportsTheLogTail()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base"));
        await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        _operator.WriteSpec("base.def", Def() + "# standin-build: fail\n");
        _operator.WriteSpec("base.yaml", Image("base", labels: "  labels:\n    touched: \"1\"\n"));
        var failed = await WaitAsync("base", s => s.Phase == ImagePhases.Failed);

        var layout = ImageLayout.For(_operator.Home, "base");
        failed.Reason.Should().Be(ImageReasons.BuildFailed);
        failed.ActiveVersion.Should().Be("v1");
        failed.Message.Should().Contain("build v2 failed").And.Contain("E: Unable to locate package no-such-package").And.EndWith("v1 stays active");
        failed.Conditions.Should().Contain(c => c.Type == AgentConditions.Ready && c.Status == ConditionStatus.True, "agents keep running v1");
        ImageDisk.Current(layout).Should().Be("v1");
        Directory.Exists(layout.VersionDirectory("v2")).Should().BeFalse();
        ImageDisk.StagingDirectories(layout).Should().BeEmpty();
        Events("base").Should().Contain(e => e.Reason == ImageReasons.BuildFailed && e.Type == EventTypes.Warning);
    }

    [Test]
    public async Task HangingBuild_PastItsTimeout_IsKilledAndFails()
    {
        _operator.WriteSpec("base.def", Def() + "# standin-build: hang\n");
        _operator.WriteSpec("base.yaml", Image("base", "  buildTimeout: 1s\n"));

        var failed = await WaitAsync("base", s => s.Phase == ImagePhases.Failed);

        var layout = ImageLayout.For(_operator.Home, "base");
        failed.Message.Should().Contain("timed out after 00:00:01");
        failed.ActiveVersion.Should().BeNull();
        ImageDisk.StagingDirectories(layout).Should().BeEmpty("the half-written SIF went with its staging directory");
        Directory.Exists(layout.VersionDirectory("v1")).Should().BeFalse();
    }

    [Test]
    public async Task BuildInterruptedByAnOperatorStop_IsBuiltAgainByTheNextOperator_NotRememberedAsFailed()
    {
        await _operator.StopOperatorAsync();
        _operator = await OperatorHarness.StartAsync(_operator.Dir, o => o with
        {
            Environment = new Dictionary<string, string>(o.Environment!) { ["APPTAINER_STANDIN_BUILD"] = "hang" },
        });
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base"));
        await WaitAsync("base", s => s.Stage?.Contains("Creating SIF file") == true);

        await _operator.StopOperatorAsync();
        _operator = await OperatorHarness.StartAsync(_operator.Dir);
        var ready = await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        ready.Versions.Select(v => v.Version).Should().Equal("v2");
        Events("base").Should().Contain(e => e.Reason == "BuildInterrupted").And.NotContain(e => e.Reason == ImageReasons.BuildFailed);
    }

    [Test]
    public async Task SandboxFrozen_KeepsTheWritableSandbox_AndRunsTheSifBuiltFromIt()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base", "  sandbox: true\n  freeze: true\n"));

        var ready = await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        var layout = ImageLayout.For(_operator.Home, "base");
        var version = layout.VersionDirectory("v1");
        var built = ready.Versions.Should().ContainSingle().Subject;
        built.Path.Should().Be(layout.SifIn(version));
        built.Sha256.Should().Be(ImageDisk.Sha256Of(built.Path));
        File.ReadAllText(built.Path).Should().Contain("sandbox ", "the SIF was built from the sandbox");
        Directory.Exists(Path.Combine(version, ImageLayout.SandboxDirectory)).Should().BeTrue("sac's workflow keeps the writable sandbox");
    }

    [Test]
    public async Task SandboxOnly_IsTheArtifact_WithItsSizeAndNoFileDigest()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base", "  sandbox: true\n"));

        var ready = await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        var layout = ImageLayout.For(_operator.Home, "base");
        var built = ready.Versions.Should().ContainSingle().Subject;
        built.Path.Should().Be(Path.Combine(layout.VersionDirectory("v1"), ImageLayout.SandboxDirectory));
        built.Sha256.Should().BeNull();
        built.Size.Should().BeGreaterThan(0);
        layout.ActiveArtifact().Should().Be(built.Path);
    }

    [Test]
    public async Task LayeredImage_IsRebuiltWhenItsBaseGetsANewVersion()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base"));
        _operator.WriteSpec("tools.def", "Bootstrap: localimage\nFrom: {{ BASE }}\n%post\n    echo tools\n");
        _operator.WriteSpec("tools.yaml", Image("tools", source: "    defFile: tools.def\n    baseImage: base\n"));
        var first = await WaitAsync("tools", s => s.Phase == ImagePhases.Ready);
        var baseLayout = ImageLayout.For(_operator.Home, "base");
        var toolsLayout = ImageLayout.For(_operator.Home, "tools");
        var (baseV1, baseV2) = (baseLayout.SifIn(baseLayout.VersionDirectory("v1")), baseLayout.SifIn(baseLayout.VersionDirectory("v2")));
        var builtOnV1 = ImageDisk.Versions(toolsLayout).Select(v => v.Base).ToList();

        _operator.WriteSpec("base.def", Def() + "# base, second edition\n");
        _operator.WriteSpec("base.yaml", Image("base", labels: "  labels:\n    touched: \"1\"\n"));
        var second = await WaitAsync("tools", s => s.Phase == ImagePhases.Ready && ImageDisk.Versions(toolsLayout).LastOrDefault()?.Base == baseV2);

        first.ActiveVersion.Should().Be("v1");
        builtOnV1.Should().Equal(baseV1);
        second.ActiveVersion.Should().Be(second.Versions[^1].Version, "the version built on the new base is active");
        File.ReadAllText(second.Versions[^1].Path).Should().Contain($"base {ImageDisk.Sha256Of(baseV2)[7..]}");
    }

    [Test]
    public async Task SpecVersion_SwitchesCurrent_ToAnOlderVersionAndBack()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base"));
        await WaitAsync("base", s => s.Phase == ImagePhases.Ready);
        _operator.WriteSpec("base.def", Def() + "# second\n");
        _operator.WriteSpec("base.yaml", Image("base", labels: "  labels:\n    touched: \"1\"\n"));
        await WaitAsync("base", s => s.Phase == ImagePhases.Ready && s.ActiveVersion == "v2");

        _operator.WriteSpec("base.yaml", Image("base", "  version: v1\n"));
        var pinned = await WaitAsync("base", s => s.ActiveVersion == "v1");
        var layout = ImageLayout.For(_operator.Home, "base");
        var pinnedTarget = layout.ActiveArtifact();
        _operator.WriteSpec("base.yaml", Image("base"));
        var unpinned = await WaitAsync("base", s => s.ActiveVersion == "v2");

        pinned.Phase.Should().Be(ImagePhases.Ready);
        pinnedTarget.Should().Be(layout.SifIn(layout.VersionDirectory("v1")));
        unpinned.Versions.Select(v => v.Version).Should().Equal("v1", "v2");
        layout.ActiveArtifact().Should().Be(layout.SifIn(layout.VersionDirectory("v2")));
    }

    [Test]
    public async Task KeepVersionsOne_PrunesTheOlderVersion_AfterTheNewOneIsActive()
    {
        _operator.WriteSpec("base.def", Def());
        _operator.WriteSpec("base.yaml", Image("base", "  keepVersions: 1\n"));
        await WaitAsync("base", s => s.Phase == ImagePhases.Ready);

        _operator.WriteSpec("base.def", Def() + "# second\n");
        _operator.WriteSpec("base.yaml", Image("base", "  keepVersions: 1\n", labels: "  labels:\n    touched: \"1\"\n"));
        var pruned = await WaitAsync("base", s => s.ActiveVersion == "v2" && s.Versions.Count == 1);

        pruned.Versions.Single().Version.Should().Be("v2");
        Directory.Exists(ImageLayout.For(_operator.Home, "base").VersionDirectory("v1")).Should().BeFalse();
        Events("base").Should().Contain(e => e.Reason == ImageReasons.Pruned && e.Message.StartsWith("removed v1"));
    }

    internal static string Def(string? copied = null) =>
        "Bootstrap: docker\nFrom: ubuntu:24.04\n" + (copied is null ? "" : $"%files\n    {copied} /opt/{copied}\n") + "%post\n    echo built\n";

    internal static string Image(string name, string extra = "", string? source = null, string labels = "") => $"""
        apiVersion: sacoperator.dev/v1alpha1
        kind: Image
        metadata:
          name: {name}
        {labels}spec:
          source:
        {source ?? $"    defFile: {name}.def\n"}{extra}
        """;

    private async Task<ImageStatus> WaitAsync(string name, Func<ImageStatus, bool> predicate)
    {
        var key = new ResourceKey(ResourceKinds.Image, "", name);
        try
        {
            return (ImageStatus)(await _operator.Status.WaitAsync(key, s => s is ImageStatus i && predicate(i)).WithTimeout())!;
        }
        catch (TimeoutException)
        {
            var latest = _operator.Status.Latest(key) as ImageStatus;
            throw new TimeoutException($"image {name}: latest phase={latest?.Phase} active={latest?.ActiveVersion} message={latest?.Message}");
        }
    }

    private IReadOnlyList<EventEntry> Events(string name) =>
        _operator.Services.GetRequiredService<StateStore>().ListEvents(new ResourceKey(ResourceKinds.Image, "", name));
}
