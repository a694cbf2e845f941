using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

/// <summary>The credentials of the Account resource a run uses, as the runtimes wire them (it wins over sac's own settings).</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ClaudeAuthAccountTests : IDisposable
{
    private readonly TempDirectory _dir = new("auth-account");
    private readonly Dictionary<string, string> _env;

    public ClaudeAuthAccountTests() => _env = new Dictionary<string, string> { ["HOME"] = _dir.Path, ["TEAM_KEY"] = "sk-ant-api03-team", ["ANTHROPIC_API_KEY"] = "sk-ant-operator" };

    public void Dispose() => _dir.Dispose();

    [Test]
    public void Resolve_AccountDirectory_IsTheConfigDirectoryEvenForASacSpecWithItsOwnAccount()
    {
        var directory = Directory.CreateDirectory(_dir.Combine("claude-team")).FullName;
        var sac = new AgentSpec { Sac = new SacSettings(), Account = "elsewhere" };

        var wiring = ClaudeAuth.Resolve("a", sac, _env, new CredentialRef { Directory = "~/claude-team" })!;

        wiring.ConfigDirectory.Should().Be(directory);
        wiring.Environment.Should().BeEmpty("the operator's own keys are not forwarded to a run on an Account");
    }

    [Test]
    public void Resolve_AccountCredentialsFile_BindsItsDirectory()
    {
        var file = _dir.Write("pool/alice/.credentials.json", "{}");

        var wiring = ClaudeAuth.Resolve("a", new AgentSpec(), _env, new CredentialRef { File = file })!;

        wiring.ConfigDirectory.Should().Be(Path.GetDirectoryName(file));
    }

    [Test]
    public void Resolve_AccountEnvVar_BecomesTheApiKey()
    {
        var wiring = ClaudeAuth.Resolve("a", new AgentSpec(), _env, new CredentialRef { EnvVar = "TEAM_KEY" })!;

        wiring.ConfigDirectory.Should().BeNull();
        wiring.Environment.Should().Equal(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-api03-team" });
    }

    [Test]
    public void Resolve_AccountEnvVarNotSet_FailsTheStartNamingTheVariableNotAValue()
    {
        var act = () => ClaudeAuth.Resolve("a", new AgentSpec(), _env, new CredentialRef { EnvVar = "MISSING_KEY" });

        act.Should().Throw<AgentStartException>().Which.Message.Should().Contain("$MISSING_KEY").And.NotContain("sk-ant");
    }

    [Test]
    public void Resolve_AccountDirectoryMissing_FailsTheStart()
    {
        var act = () => ClaudeAuth.Resolve("a", new AgentSpec(), _env, new CredentialRef { Directory = "~/nope" });

        act.Should().Throw<AgentStartException>().Which.Reason.Should().Be(StartFailureReasons.CredentialsMissing);
    }
}
