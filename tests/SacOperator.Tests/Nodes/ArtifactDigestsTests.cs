using System.Security.Cryptography;
using System.Text;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Nodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Nodes;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ArtifactDigestsTests : IDisposable
{
    private readonly TempDirectory _dir = new("digests");
    private readonly ArtifactDigests _digests = new();

    public void Dispose() => _dir.Dispose();

    [Test]
    public async Task GetAsync_ImageFile_IsTheSha256OfItsContent()
    {
        var path = _dir.Write("img.sif", "version one");

        var digest = await _digests.GetAsync(path);

        digest.Should().Be("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("version one"))));
    }

    [Test]
    public async Task Get_AfterTheHashIsDone_AnswersFromTheCacheWithoutWaiting()
    {
        var path = _dir.Write("img.sif", "version one");
        var computed = await _digests.GetAsync(path);

        var cached = _digests.Get(path);

        cached.Should().Be(computed);
    }

    [Test]
    public async Task GetAsync_FileReplacedByANewBuild_HashesTheNewContent()
    {
        var path = _dir.Write("img.sif", "version one");
        var first = await _digests.GetAsync(path);
        var next = _dir.Write("img.sif.new", "version two, longer");
        File.Move(next, path, overwrite: true);

        var second = await _digests.GetAsync(path);

        second.Should().NotBe(first);
        second.Should().Be("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("version two, longer"))));
    }

    [Test]
    public void Get_MissingFileOrDirectory_IsUnknown()
    {
        var sandbox = Directory.CreateDirectory(_dir.Combine("sandbox")).FullName;

        _digests.Get(_dir.Combine("missing.sif")).Should().BeNull();
        _digests.Get(sandbox).Should().BeNull();
    }
}
