using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class RedactorTests
{
    [Test]
    public void Redact_ValueOfSecretLookingEnvVar_IsMasked()
    {
        var spec = new AgentSpec { Env = new Dictionary<string, string> { ["MY_API_KEY"] = "hunter2-very-secret", ["TZ"] = "UTC" } };

        var text = Redactor.Redact("auth failed with key hunter2-very-secret in UTC", spec);

        text.Should().Be("auth failed with key [REDACTED] in UTC");
    }

    [TestCase("error: sk-ant-api03-AbCdEfGhIjKlMnOp rejected")]
    [TestCase("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig")]
    [TestCase("token ghp_0123456789abcdefghijABCDEFGHIJ012345 expired")]
    [TestCase("push with github_pat_11ABCDEFG0123456789abcd failed")]
    [TestCase("gitlab glpat-abcdefghij0123456789 denied")]
    public void Redact_WellKnownTokenShapes_AreMasked(string line)
    {
        var text = Redactor.Redact(line, null);

        text.Should().Contain(Redactor.Mask);
        text.Should().NotMatchRegex("sk-ant-api03-AbCd|eyJhbGci|ghp_0123|github_pat_11|glpat-abc");
    }

    [Test]
    public void Redact_SecretLookingValueUnderAnInnocentName_IsMasked()
    {
        var spec = new AgentSpec { Env = new Dictionary<string, string> { ["UPSTREAM"] = "sk-short-9" } };

        Redactor.Redact("proxy refused sk-short-9", spec).Should().Be("proxy refused [REDACTED]");
    }

    [Test]
    public void Redact_OrdinaryText_IsUnchanged()
    {
        Redactor.Redact("fatal: could not reach the model endpoint", null).Should().Be("fatal: could not reach the model endpoint");
    }
}
