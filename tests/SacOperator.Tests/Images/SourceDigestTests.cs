using FluentAssertions;
using NUnit.Framework;
using SacOperator.Images;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Images;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class SourceDigestTests : IDisposable
{
    private static readonly ImageSpec Spec = new() { Source = new ImageSource { DefFile = "x.def" } };
    private readonly TempDirectory _dir = new("source-digest");

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Compute_CopiedFileChanges_ChangesTheDigest()
    {
        _dir.Write("x.def", "Bootstrap: docker\nFrom: ubuntu\n%files\n    conf/app.toml /etc/app.toml\n    \"tool.sh\" /opt/tool.sh\n%post\n    true\n");
        _dir.Write("conf/app.toml", "a = 1\n");
        _dir.Write("tool.sh", "echo 1\n");
        var before = SourceDigest.Compute(Spec, _dir.Path, null);

        _dir.Write("conf/app.toml", "a = 2\n");
        var after = SourceDigest.Compute(Spec, _dir.Path, null);

        after.Should().NotBe(before).And.StartWith("sha256:");
    }

    [Test]
    public void Compute_FileInACopiedDirectoryChanges_ChangesTheDigest()
    {
        _dir.Write("x.def", "Bootstrap: docker\nFrom: ubuntu\n%files\n    conf /etc/conf\n");
        _dir.Write("conf/a.toml", "a = 1\n");
        var before = SourceDigest.Compute(Spec, _dir.Path, null);

        _dir.Write("conf/sub/b.toml", "b = 1\n");
        var after = SourceDigest.Compute(Spec, _dir.Path, null);

        after.Should().NotBe(before);
    }

    [Test]
    public void Compute_UnrelatedFileOrStageCopyChanges_KeepsTheDigest()
    {
        _dir.Write("x.def", "Bootstrap: docker\nFrom: ubuntu\n%files from build\n    /out/bin /usr/local/bin\n");
        var before = SourceDigest.Compute(Spec, _dir.Path, null);

        _dir.Write("README.md", "not copied\n");
        var after = SourceDigest.Compute(Spec, _dir.Path, null);

        after.Should().Be(before, "%files from a stage copies nothing from the host");
    }

    [Test]
    public void Compute_BaseGetsANewVersion_ChangesTheDigest()
    {
        _dir.Write("x.def", "Bootstrap: localimage\nFrom: {{ BASE }}\n");

        var first = SourceDigest.Compute(Spec, _dir.Path, new BaseImageState("base", "/i/base/v1/base.sif", "sha256:01"));
        var second = SourceDigest.Compute(Spec, _dir.Path, new BaseImageState("base", "/i/base/v2/base.sif", "sha256:02"));

        second.Should().NotBe(first);
    }

    [Test]
    public void Compute_CopiedFileMissing_ThrowsNamingTheFileAndTheDefFile()
    {
        _dir.Write("x.def", "Bootstrap: docker\nFrom: ubuntu\n%files\n    missing.txt /opt/missing.txt\n");

        var act = () => SourceDigest.Compute(Spec, _dir.Path, null);

        act.Should().Throw<ImageSourceException>().WithMessage($"%files source missing.txt of {_dir.Combine("x.def")} {_dir.Combine("missing.txt")} cannot be read*");
    }
}
