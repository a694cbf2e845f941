using System.Text;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

/// <summary>The apptainer build argv for each kind of source and flag combination, against testdata/image-build-argv/argv.txt.</summary>
[TestFixture]
public sealed class BuildCommandsGoldenTests
{
    [Test]
    public void For_EverySourceAndFlag_MatchesGolden()
    {
        var layout = ImageLayout.For("/home/u/.sacop", "tools");
        var staging = layout.StagingDirectory("v4");
        var cases = new (string Name, ImageSpec Spec, string? Def, string? Base)[]
        {
            ("def file", new ImageSpec { Source = new ImageSource { DefFile = "tools.def" } }, "/specs/tools.def", null),
            ("def file with fakeroot", new ImageSpec { Source = new ImageSource { DefFile = "tools.def" }, Fakeroot = true }, "/specs/tools.def", null),
            ("uri as sandbox", new ImageSpec { Source = new ImageSource { Uri = "docker://ubuntu:24.04" }, Sandbox = true }, null, null),
            ("def file on a base image", new ImageSpec { Source = new ImageSource { DefFile = "tools.def", BaseImage = "base" } }, "/specs/tools.def", "/home/u/.sacop/images/base/v2/base.sif"),
            ("base image alone, sandbox then frozen with fakeroot",
                new ImageSpec { Source = new ImageSource { BaseImage = "base" }, Sandbox = true, Freeze = true, Fakeroot = true }, null, "/home/u/.sacop/images/base/v2/base.sif"),
        };
        var text = new StringBuilder();
        foreach (var (name, spec, def, baseArtifact) in cases)
        {
            text.Append("# ").AppendLine(name);
            foreach (var argv in BuildCommands.For("apptainer", spec, layout, staging, def, baseArtifact))
            {
                text.AppendLine(string.Join(' ', argv));
            }
        }

        Golden.Check(Path.Combine(Repo.TestData, "image-build-argv"), "argv.txt", text.ToString());
    }
}
