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
            [BindSpec.Parse("/data/proj:/work/proj:ro")], overlay: null);

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
    public void ProcessEnvironment_CarriesContainerVariablesAsApptainerEnvAndDropsInheritedOnes()
    {
        var env = ApptainerArgs.ProcessEnvironment(
            new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["APPTAINERENV_LEAK"] = "x" },
            new Dictionary<string, string> { ["TOKEN"] = "a,b=c" });

        env.Should().Contain("PATH", "/usr/bin").And.Contain("APPTAINERENV_TOKEN", "a,b=c").And.NotContainKey("APPTAINERENV_LEAK");
    }
}
