using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;

namespace SacOperator.Tests.Model;

/// <summary>The one policy for which environment values are credentials, as a table of names and values.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SecretMaskTests
{
    [TestCase("ANTHROPIC_API_KEY")]
    [TestCase("APIKEY")]
    [TestCase("openai_api_key")]
    [TestCase("GITHUB_TOKEN")]
    [TestCase("TOKEN_LIST")]
    [TestCase("CLIENT_SECRET")]
    [TestCase("DB_PASSWORD")]
    [TestCase("SMTP_PASSWD")]
    [TestCase("GOOGLE_APPLICATION_CREDENTIALS")]
    [TestCase("AUTH_HEADER")]
    [TestCase("OAUTH_CLIENT")]
    public void Value_SecretLookingName_IsMasked(string name)
    {
        SecretMask.Value(name, "plain-looking-value").Should().Be(SecretMask.Masked);
    }

    [TestCase("sk-ant-api03-AbCdEfGhIjKlMnOpQrSt")]
    [TestCase("sk-proj-0123456789")]
    [TestCase("ghp_0123456789abcdefghij")]
    [TestCase("gho_0123456789abcdefghij")]
    [TestCase("github_pat_11ABCDEFG0123456789")]
    [TestCase("AKIAIOSFODNN7EXAMPLE")]
    [TestCase("xoxb-1234-5678-abcdef")]
    [TestCase("xoxp-1234-5678-abcdef")]
    [TestCase("glpat-abcdefghij0123456789")]
    [TestCase("Bearer eyJhbGciOiJIUzI1NiJ9")]
    [TestCase("bearer abc")]
    [TestCase("Authorization=Bearer abcdefgh123")]
    [TestCase("https://x:sk-ant-api03-abc@proxy.example")]
    public void Value_SecretLookingValueUnderAnInnocentName_IsMasked(string value)
    {
        SecretMask.Value("UPSTREAM", value).Should().Be(SecretMask.Masked);
    }

    [TestCase("TZ", "UTC")]
    [TestCase("PATH", "/usr/bin:/bin")]
    [TestCase("MODE", "task-runner")]
    [TestCase("TOOL", "scikit-learn")]
    [TestCase("KEYBOARD_LAYOUT", "us")]
    [TestCase("SSH_KEY_PATH", "/home/me/.ssh/id_ed25519")]
    [TestCase("DESCRIPTION", "the bearer of news")]
    public void Value_OrdinarySetting_IsShown(string name, string value)
    {
        SecretMask.Value(name, value).Should().Be(value);
    }

    [Test]
    public void Value_EmptySecret_StaysEmpty()
    {
        SecretMask.Value("ANTHROPIC_API_KEY", "").Should().BeEmpty();
    }

    [Test]
    public void Value_AlreadyMasked_IsUnchanged()
    {
        SecretMask.Value("ANTHROPIC_API_KEY", SecretMask.Value("ANTHROPIC_API_KEY", "sk-ant-api03-x")).Should().Be("***");
    }

    [Test]
    public void Apply_AgentWithSecretAndPlainEnv_MasksOnlyTheSecretAndKeepsFileSources()
    {
        var agent = new Agent
        {
            Metadata = new ObjectMeta { Name = "a" },
            Spec = new AgentSpec
            {
                Env = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-api03-AbCdEfGh", ["TZ"] = "UTC" },
                EnvFiles = new Dictionary<string, string> { ["GH_TOKEN"] = "/run/secrets/gh" },
            },
        };

        var masked = (Agent)SecretMask.Apply(agent);

        masked.Spec.Env.Should().Equal(new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "***", ["TZ"] = "UTC" });
        masked.Spec.EnvFiles.Should().Equal(agent.Spec.EnvFiles);
        agent.Spec.Env["ANTHROPIC_API_KEY"].Should().Be("sk-ant-api03-AbCdEfGh", "the original is not changed");
    }

    [Test]
    public void Apply_NothingToMask_ReturnsTheSameInstance()
    {
        var agent = new Agent { Metadata = new ObjectMeta { Name = "a" }, Spec = new AgentSpec { Env = new Dictionary<string, string> { ["TZ"] = "UTC" } } };

        SecretMask.Apply(agent).Should().BeSameAs(agent);
    }

    [TestCase("using sk-ant-api03-AbCdEfGhIjKl now", "using [X] now")]
    [TestCase("push with github_pat_11ABCDEFG0123456789abcd failed", "push with [X] failed")]
    [TestCase("gitlab glpat-abcdefghij0123456789 denied", "gitlab [X] denied")]
    [TestCase("Authorization: Bearer abcdefghijklmnop0123", "Authorization: Bearer [X]")]
    [TestCase("pip install scikit-learn; sk-short", "pip install scikit-learn; sk-short")]
    public void RedactTokens_FreeText_MasksOnlyTokenShapes(string text, string expected)
    {
        SecretMask.RedactTokens(text, "[X]").Should().Be(expected);
    }
}
