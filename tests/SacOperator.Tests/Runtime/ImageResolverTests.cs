using FluentAssertions;
using NUnit.Framework;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

/// <summary>Images where sac keeps them: logical names, <c>~</c> and <c>$VAR</c> paths.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ImageResolverTests : IDisposable
{
    private readonly TempDirectory _dir = new("images");
    private readonly Dictionary<string, string> _env;

    public ImageResolverTests() => _env = new Dictionary<string, string> { ["HOME"] = _dir.Combine("user"), ["IMAGES"] = _dir.Combine("shared") };

    public void Dispose() => _dir.Dispose();

    private string Operator => _dir.Combine("sacop");

    [Test]
    public void Resolve_LogicalSacImage_PrefersSacsContainersDirectory()
    {
        var sac = _dir.Write("user/.scitex/agent-container/containers/sac-base.sif", "sif");
        _dir.Write("sacop/images/sac-base.sif", "ours");

        ImageResolver.Resolve("sac-base", null, Operator, _env).Should().Be(sac);
    }

    [Test]
    public void Resolve_ImageWithAnActiveVersion_IsThatVersionsArtifact()
    {
        var sif = _dir.Write("sacop/images/tools/v2/tools.sif", "v2");
        File.CreateSymbolicLink(_dir.Combine("sacop/images/tools/current"), "v2");

        ImageResolver.Resolve("tools", null, Operator, _env).Should().Be(sif, "the version's own path, so a later switch does not move a running agent");
    }

    [Test]
    public void Resolve_ImageDirectoryBeforeItsFirstVersion_IsNoSandbox()
    {
        _dir.Write("sacop/images/tools/.build.lock", "pid 1\n");

        var act = () => ImageResolver.Resolve("tools", null, Operator, _env);

        act.Should().Throw<AgentStartException>().Where(e => e.Reason == StartFailureReasons.ImageNotFound && e.Message.Contains("no active version"));
    }

    [Test]
    public void Resolve_LogicalSacImageOnlyInOurImages_FallsBackToThem()
    {
        var ours = _dir.Write("sacop/images/sac-scitex.sif", "ours");

        ImageResolver.Resolve("sac-scitex", null, Operator, _env).Should().Be(ours);
    }

    [Test]
    public void Resolve_MissingLogicalImage_NamesBothPlaces()
    {
        var act = () => ImageResolver.Resolve("sac-proxy", null, Operator, _env);

        act.Should().Throw<AgentStartException>().Where(e => e.Reason == StartFailureReasons.ImageNotFound
            && e.Message.Contains(_dir.Combine("user/.scitex/agent-container/containers/sac-proxy.sif"), StringComparison.Ordinal)
            && e.Message.Contains(_dir.Combine("sacop/images/sac-proxy.sif"), StringComparison.Ordinal));
    }

    [TestCase("~/.scitex/agent-container/containers/sac-base.sif", "user/.scitex/agent-container/containers/sac-base.sif")]
    [TestCase("$IMAGES/custom.sif", "shared/custom.sif")]
    [TestCase("${IMAGES}/custom.sif", "shared/custom.sif")]
    public void Resolve_PathWithTildeOrVariable_IsExpandedNotTakenRelativeToTheSpec(string image, string expected)
    {
        var path = _dir.Write(expected, "sif");

        ImageResolver.Resolve(image, _dir.Combine("agents", "a"), Operator, _env).Should().Be(path);
    }

    [Test]
    public void Resolve_Uri_PassesThrough()
    {
        ImageResolver.Resolve("docker://ubuntu:24.04", null, Operator, _env).Should().Be("docker://ubuntu:24.04");
    }
}
