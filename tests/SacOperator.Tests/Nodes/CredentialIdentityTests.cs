using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Nodes;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class CredentialIdentityTests : IDisposable
{
    private const string Secret = "sk-ant-oat01-very-secret-token";
    private readonly TempDirectory _dir = new("cred");
    private readonly Dictionary<string, string> _env;

    public CredentialIdentityTests() => _env = new Dictionary<string, string> { ["HOME"] = _dir.Path };

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Of_TokenRefreshRewritesTheCredentialsFile_IdentityUnchanged()
    {
        var file = _dir.Write("acct/.credentials.json", $"{{\"token\":\"{Secret}\"}}");
        var credentials = new CredentialRef { Directory = "~/acct" };
        var before = CredentialIdentity.Of(credentials, _env);
        // Claude Code's refresh: write a new file and rename it over the old one.
        var refreshed = _dir.Write("acct/.credentials.json.tmp", "{\"token\":\"sk-ant-oat01-refreshed\"}");
        File.Move(refreshed, file, overwrite: true);

        var after = CredentialIdentity.Of(credentials, _env);

        after.Should().Be(before);
    }

    [Test]
    public void Of_AccountPointedAtAnotherDirectory_IdentityChanges()
    {
        _dir.Write("a/.credentials.json", "{}");
        _dir.Write("b/.credentials.json", "{}");

        var a = CredentialIdentity.Of(new CredentialRef { Directory = "~/a" }, _env);
        var b = CredentialIdentity.Of(new CredentialRef { Directory = "~/b" }, _env);

        b.Should().NotBe(a);
    }

    [Test]
    public void Of_DirectoryReplacedAtTheSamePath_IdentityChanges()
    {
        _dir.Write("acct/.credentials.json", "{}");
        var credentials = new CredentialRef { Directory = _dir.Combine("acct") };
        var before = CredentialIdentity.Of(credentials, _env);
        Directory.Move(_dir.Combine("acct"), _dir.Combine("acct.old"));
        _dir.Write("acct/.credentials.json", "{}");

        var after = CredentialIdentity.Of(credentials, _env);

        after.Should().NotBe(before);
    }

    [Test]
    public void Of_EnvironmentVariable_DependsOnTheNameNeverTheValue()
    {
        var credentials = new CredentialRef { EnvVar = "TEAM_KEY" };
        var first = CredentialIdentity.Of(credentials, new Dictionary<string, string> { ["TEAM_KEY"] = Secret });

        var second = CredentialIdentity.Of(credentials, new Dictionary<string, string> { ["TEAM_KEY"] = "another" });

        second.Should().Be(first);
        first.Should().StartWith("cred:").And.NotContain(Secret).And.NotContain("TEAM_KEY");
    }

    [Test]
    public void Of_NoReference_IsNull()
    {
        var identity = CredentialIdentity.Of(new CredentialRef(), _env);

        identity.Should().BeNull();
    }
}
