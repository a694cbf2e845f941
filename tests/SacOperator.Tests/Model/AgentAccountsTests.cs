using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;

namespace SacOperator.Tests.Model;

[TestFixture]
public sealed class AgentAccountsTests
{
    [Test]
    public void Named_PinnedPoolAndSacCredentialsFiles_AllNamedBySlugInOrder()
    {
        var spec = new AgentSpec
        {
            Account = "lead",
            Accounts = ["team-a", "team-b"],
            Sac = new SacSettings { CredentialsFiles = ["~/.scitex/agent-container/accounts/alice-example-com/.credentials.json", "/pool/bob/.credentials.json/"] },
        };

        var names = AgentAccounts.Named(spec).ToList();

        names.Should().Equal("lead", "team-a", "team-b", "alice-example-com", "bob");
    }

    [Test]
    public void Named_NoAccountsAnywhere_IsEmpty()
    {
        AgentAccounts.Named(new AgentSpec()).Should().BeEmpty();
    }
}
