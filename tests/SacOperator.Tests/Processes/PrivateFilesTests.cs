using FluentAssertions;
using NUnit.Framework;
using SacOperator.Processes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Processes;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.All)]
public sealed class PrivateFilesTests : IDisposable
{
    private const UnixFileMode Mode0644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode0755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TempDirectory _dir = new("private");

    public void Dispose() => _dir.Dispose();

    [Test]
    public void EnsureDirectory_Missing_CreatesItAndItsParentsOwnerOnly()
    {
        var path = _dir.Combine("home", "runtime");

        PrivateFiles.EnsureDirectory(path);

        File.GetUnixFileMode(path).Should().Be(PrivateFiles.OwnerOnlyDirectory);
        File.GetUnixFileMode(_dir.Combine("home")).Should().Be(PrivateFiles.OwnerOnlyDirectory);
    }

    [Test]
    public void EnsureDirectory_ExistingOpenDirectory_IsTightenedTo0700()
    {
        var path = _dir.Combine("home");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Mode0755);

        PrivateFiles.EnsureDirectory(path);

        File.GetUnixFileMode(path).Should().Be(PrivateFiles.OwnerOnlyDirectory);
    }

    [Test]
    public void CreateDirectory_ExistingOpenDirectory_IsLeftAsTheUserMadeIt()
    {
        var path = _dir.Combine("agents");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, Mode0755);

        PrivateFiles.CreateDirectory(path);

        File.GetUnixFileMode(path).Should().Be(Mode0755);
    }

    [Test]
    public void WriteAllText_NewFile_IsCreatedOwnerOnly()
    {
        var path = _dir.Combine("pid");

        PrivateFiles.WriteAllText(path, "42\n");

        File.ReadAllText(path).Should().Be("42\n");
        File.GetUnixFileMode(path).Should().Be(PrivateFiles.OwnerOnlyFile);
    }

    [Test]
    public void WriteAllText_ExistingWorldReadableFile_IsTightenedAndReplaced()
    {
        var path = _dir.Write("instance.json", "old content that is longer");
        File.SetUnixFileMode(path, Mode0644);

        PrivateFiles.WriteAllText(path, "{}");

        File.ReadAllText(path).Should().Be("{}");
        File.GetUnixFileMode(path).Should().Be(PrivateFiles.OwnerOnlyFile);
    }

    [Test]
    public void Tighten_MissingFile_DoesNothing()
    {
        var act = () => PrivateFiles.Tighten(_dir.Combine("absent"));

        act.Should().NotThrow();
        File.Exists(_dir.Combine("absent")).Should().BeFalse();
    }
}
