using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Runtime;

namespace SacOperator.Tests.Runtime;

[TestFixture]
public sealed class ApptainerArgsTests
{
    private static readonly AgentPaths Paths = new("/home/u/.sacop/runtime/w");

    [Test]
    public void InstanceStart_Defaults_AreHardenedLikeSac()
    {
        var spec = new AgentSpec { Image = "/images/base.sif", Gpu = GpuKinds.Nvidia, RawArgs = ["--hostname", "w"] };

        var argv = ApptainerArgs.InstanceStart("apptainer", spec, Paths, "/images/base.sif", "sac-w",
            [BindMount.Parse("/data/proj:/work/proj:ro")], overlay: null);

        argv.Should().Equal(
            "apptainer", "instance", "start", "--containall", "--cleanenv", "--writable-tmpfs",
            "--home", "/home/u/.sacop/runtime/w/home:/home/agent",
            "--bind", "/home/u/.sacop/runtime/w:/sac/state:rw",
            "--bind", "/data/proj:/work/proj:ro",
            "--nv", "--hostname", "w", "/images/base.sif", "sac-w");
    }

    [Test]
    public void InstanceStart_WithOverlay_UsesOverlayInsteadOfWritableTmpfs()
    {
        var argv = ApptainerArgs.InstanceStart("apptainer", new AgentSpec(), Paths, "img.sif", "sac-w", [], "/scratch/w.img");

        argv.Should().NotContain("--writable-tmpfs");
        argv.Should().ContainInOrder("--overlay", "/scratch/w.img");
    }

    [Test]
    public void InstanceStart_Relaxed_DropsTheHardening()
    {
        var argv = ApptainerArgs.InstanceStart("apptainer", new AgentSpec { Relaxed = true }, Paths, "img.sif", "sac-w", [], null);

        argv.Should().NotContain(["--containall", "--cleanenv", "--writable-tmpfs", "--home"]);
    }

    [Test]
    public void Exec_RunsTheCommandInTheInstanceWithCleanEnvAndWorkdir()
    {
        var spec = new AgentSpec { Workdir = "/work/proj" };

        ApptainerArgs.Exec("/usr/bin/apptainer", spec, "sac-w", ["claude", "-p"]).Should().Equal(
            "/usr/bin/apptainer", "exec", "--cleanenv", "--pwd", "/work/proj", "instance://sac-w", "claude", "-p");
    }

    [Test]
    public void InstanceStart_RawArgsStatingHardenedFlags_AreNotRepeated()
    {
        var spec = new AgentSpec { RawArgs = ["--containall", "--home", "/h:/home/agent", "--writable-tmpfs", "--fakeroot"], Sac = new SacSettings { Fakeroot = true } };

        var argv = ApptainerArgs.InstanceStart("apptainer", spec, Paths, "img.sif", "sac-w", [], null);

        argv.Count(a => a == "--containall").Should().Be(1);
        argv.Count(a => a == "--home").Should().Be(1);
        argv.Count(a => a == "--writable-tmpfs").Should().Be(1);
        argv.Count(a => a == "--fakeroot").Should().Be(1);
        argv.Should().ContainInOrder("--home", "/h:/home/agent", "img.sif");
    }

    [Test]
    public void InstanceStart_ContainInRawArgs_ReplacesContainall()
    {
        var argv = ApptainerArgs.InstanceStart("apptainer", new AgentSpec { RawArgs = ["--contain"] }, Paths, "img.sif", "sac-w", [], null);

        argv.Should().NotContain("--containall").And.Contain("--contain");
    }

    [Test]
    public void InstanceStart_Scratch_MovesTmpToTheHostUnlessRawArgsSetAWorkdir()
    {
        var withScratch = ApptainerArgs.InstanceStart("apptainer", new AgentSpec(), Paths, "img.sif", "sac-w", [], null, "/rt/w/tmp-scratch");
        var withOwn = ApptainerArgs.InstanceStart("apptainer", new AgentSpec { RawArgs = ["-W", "/big"] }, Paths, "img.sif", "sac-w", [], null, "/rt/w/tmp-scratch");

        withScratch.Should().ContainInOrder("--workdir", "/rt/w/tmp-scratch", "img.sif");
        withOwn.Should().NotContain("--workdir").And.ContainInOrder("-W", "/big", "img.sif");
    }

    [Test]
    public void RawArgs_ProcessFlags_ReachTheExecdAgentAndInstanceFlagsTheInstance()
    {
        var spec = new AgentSpec { RawArgs = ["--env", "A=1", "--hostname", "w", "--env=B=2", "--pwd", "/data", "--cleanenv", "--userns"] };

        var start = ApptainerArgs.InstanceStart("apptainer", spec, Paths, "img.sif", "sac-w", [], null);
        var exec = ApptainerArgs.Exec("apptainer", spec, "sac-w", ["claude"]);

        start.Should().ContainInOrder("--hostname", "w", "--userns", "img.sif").And.NotContain(["A=1", "--env=B=2", "--pwd"]);
        start.Count(a => a == "--cleanenv").Should().Be(1, "the curated --cleanenv stays on the instance");
        exec.Should().Equal("apptainer", "exec", "--env", "A=1", "--env=B=2", "--pwd", "/data", "--cleanenv", "instance://sac-w", "claude");
    }

    [Test]
    public void Exec_ExpandedWorkdir_IsThePwd()
    {
        ApptainerArgs.Exec("apptainer", new AgentSpec { Workdir = "~/proj" }, "sac-w", ["claude"], "/home/u/proj")
            .Should().ContainInOrder("--pwd", "/home/u/proj");
    }

    [Test]
    public void ProcessEnvironment_CarriesContainerVariablesAsApptainerEnvAndDropsInheritedOnes()
    {
        var env = ApptainerArgs.ProcessEnvironment(
            new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["APPTAINERENV_LEAK"] = "x" },
            new Dictionary<string, string> { ["TOKEN"] = "a,b=c" });

        env.Should().Contain("PATH", "/usr/bin").And.Contain("APPTAINERENV_TOKEN", "a,b=c").And.NotContainKey("APPTAINERENV_LEAK");
    }
}
