using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Runtime;

/// <summary>Which credentials a sac agent's Claude Code gets, as sac decides it.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ClaudeAuthTests : IDisposable
{
    private readonly TempDirectory _dir = new("auth");
    private readonly Dictionary<string, string> _env;

    public ClaudeAuthTests() => _env = new Dictionary<string, string> { ["HOME"] = _dir.Path, ["ANTHROPIC_API_KEY"] = "sk-ant-api-key-value", ["UNRELATED"] = "x" };

    public void Dispose() => _dir.Dispose();

    private static AgentSpec Sac(SacSettings? sac = null, string? account = null) => new() { Sac = sac ?? new SacSettings(), Account = account };

    [Test]
    public void Resolve_Manifest_IsNotWired()
    {
        ClaudeAuth.Resolve("a", new AgentSpec(), _env).Should().BeNull();
    }

    [Test]
    public void Resolve_Default_BindsTheOperatorsClaudeDirectoryAndForwardsKeys()
    {
        Directory.CreateDirectory(_dir.Combine(".claude"));

        var wiring = ClaudeAuth.Resolve("a", Sac(), _env)!;

        wiring.ConfigDirectory.Should().Be(_dir.Combine(".claude"));
        wiring.Environment.Should().BeEquivalentTo(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-api-key-value" });
    }

    [Test]
    public void Resolve_Account_UsesSacsAccountDirectory()
    {
        Directory.CreateDirectory(_dir.Combine(".claude"));
        Directory.CreateDirectory(_dir.Combine(".scitex", "agent-container", "accounts", "alice-example-com"));

        ClaudeAuth.Resolve("a", Sac(account: "alice-example-com"), _env)!.ConfigDirectory
            .Should().Be(_dir.Combine(".scitex", "agent-container", "accounts", "alice-example-com"));
    }

    [Test]
    public void Resolve_UnknownAccount_FailsWithCredentialsMissing()
    {
        var act = () => ClaudeAuth.Resolve("a", Sac(account: "nobody"), _env);

        act.Should().Throw<AgentStartException>().Where(e => e.Reason == StartFailureReasons.CredentialsMissing && e.Message.Contains("nobody", StringComparison.Ordinal));
    }

    [Test]
    public void Resolve_CredentialsFiles_BindsTheDirectoryOfTheFirstThatExists()
    {
        _dir.Write("pool/b/.credentials.json", "{}");

        ClaudeAuth.Resolve("a", Sac(new SacSettings { CredentialsFiles = ["~/pool/a/.credentials.json", "~/pool/b/.credentials.json"] }), _env)!
            .ConfigDirectory.Should().Be(_dir.Combine("pool", "b"));
    }

    [Test]
    public void Resolve_CredentialsFileWithAnotherName_IsRefusedRatherThanFileBound()
    {
        _dir.Write("creds.json", "{}");

        var act = () => ClaudeAuth.Resolve("a", Sac(new SacSettings { CredentialsFiles = ["~/creds.json"] }), _env);

        act.Should().Throw<AgentStartException>().WithMessage("*never a single file*");
    }

    [Test]
    public void Resolve_Provider_PointsClaudeCodeAtTheEndpointWithTheKey()
    {
        var spec = Sac(new SacSettings { Provider = new ClaudeProvider { BaseUrl = "https://llm.example/anthropic", TokenVariable = "LLM_KEY" } }) with
        {
            Claude = new ClaudeSpec { Model = "llm-large" },
        };
        _env["LLM_KEY"] = "llm-secret-value";

        var wiring = ClaudeAuth.Resolve("a", spec, _env)!;

        wiring.ConfigDirectory.Should().BeNull("an API-key backend needs no OAuth directory");
        wiring.Environment.Should().Contain("ANTHROPIC_BASE_URL", "https://llm.example/anthropic").And.Contain("ANTHROPIC_API_KEY", "llm-secret-value")
            .And.Contain("ANTHROPIC_MODEL", "llm-large").And.Contain("CLAUDE_CONFIG_DIR", "/tmp/sac-a-provider-cfg");
    }

    [Test]
    public void Resolve_ProviderKeyUnset_FailsNamingTheVariable()
    {
        var spec = Sac(new SacSettings { Provider = new ClaudeProvider { BaseUrl = "https://llm.example", TokenVariable = "LLM_KEY" } });

        var act = () => ClaudeAuth.Resolve("a", spec, _env);

        act.Should().Throw<AgentStartException>().Where(e => e.Reason == StartFailureReasons.CredentialsMissing && e.Message.Contains("$LLM_KEY", StringComparison.Ordinal));
    }
}
