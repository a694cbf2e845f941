using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Model;
using SacOperator.Operator.Telemetry;
using SacOperator.Telemetry;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

/// <summary>The account gauges, scraped through the real exposition, from Account statuses in a memory status writer (a stand-in for the DB).</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AccountGaugesTests : IDisposable
{
    private readonly SacMetrics _metrics = new();
    private readonly ManualStore _store = new();
    private readonly MemoryStatusWriter _status = new();
    private readonly MetricsProbe _probe;

    public AccountGaugesTests()
    {
        _ = new AccountGauges(_metrics, () => (_store, _status));
        _probe = new MetricsProbe(_metrics.Meter);
    }

    public void Dispose()
    {
        _probe.Dispose();
        _metrics.Dispose();
    }

    [Test]
    public async Task Scrape_AccountsWithStatus_ReportUsedRatioResetsAvailabilityAndAgents()
    {
        var reset = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var a = Put("team-a", new CredentialRef { Directory = "/home/u/.claude-secret-dir" });
        var b = Put("team-b", new CredentialRef { EnvVar = "TEAM_B_KEY" });
        await _status.WriteAsync(a, null, new AccountStatus { Phase = AccountPhases.Exhausted, FiveHourUsedPercent = 99, SevenDayUsedPercent = 40, FiveHourResetsAt = reset, Agents = ["w1", "w2"] }, CancellationToken.None);
        await _status.WriteAsync(b, null, new AccountStatus { Phase = AccountPhases.Available, FiveHourUsedPercent = 5 }, CancellationToken.None);

        var text = _probe.Scrape();

        text.Should().Contain("sac_account_quota_used_ratio{account=\"team-a\",window=\"5h\"} 0.99")
            .And.Contain("sac_account_quota_used_ratio{account=\"team-a\",window=\"7d\"} 0.4")
            .And.Contain("sac_account_quota_used_ratio{account=\"team-b\",window=\"5h\"} 0.05")
            .And.Contain("sac_account_available{account=\"team-a\"} 0")
            .And.Contain("sac_account_available{account=\"team-b\"} 1")
            .And.Contain("sac_account_reset_timestamp_seconds{account=\"team-a\",window=\"5h\"} 1800000000")
            .And.Contain("sac_account_agents{account=\"team-a\"} 2")
            .And.Contain("sac_account_agents{account=\"team-b\"} 0");
        text.Should().NotContain("secret-dir").And.NotContain("TEAM_B_KEY");
    }

    private ResourceKey Put(string name, CredentialRef credentials)
    {
        var account = new Account { Metadata = new ObjectMeta { Name = name }, Spec = new AccountSpec { Credentials = credentials } };
        _store.Put(account);
        return account.Key;
    }
}
