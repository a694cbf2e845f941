using System.Globalization;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>
/// A fleet on a pool of two accounts, in the in-process operator with real agent processes and
/// sac's cache file: rotation off an exhausted account, every agent frozen (stopped, no restart)
/// when both are, and a staggered thaw when one returns.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class AccountFleetIntegrationTests : IAsyncDisposable
{
    private static readonly string[] Fleet = ["w1", "w2", "w3", "w4"];
    private readonly string _marker = "8" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
    private OperatorHarness _op = null!;
    private string _cache = "";

    public async ValueTask DisposeAsync()
    {
        if (_op is not null)
        {
            await _op.DisposeAsync();
        }
    }

    [Test]
    public async Task Pool_ExhaustedThenAllThenOneBack_RotatesFreezesWithoutRestartsAndThawsStaggered()
    {
        _op = await OperatorHarness.StartAsync();
        _cache = _op.Dir.Combine("quota-cache.json");
        WriteCache(a: 10, b: 30);
        var accounts = string.Join("---\n", new[] { "acct-a", "acct-b" }.Select(name =>
        {
            Directory.CreateDirectory(_op.Dir.Combine("claude", name));
            return $"""
                apiVersion: sacoperator.dev/v1alpha1
                kind: Account
                metadata:
                  name: {name}
                spec:
                  credentials:
                    directory: {_op.Dir.Combine("claude", name)}
                  quota:
                    source: sac-cache
                    path: {_cache}
                    pollInterval: 1s

                """;
        }));
        _op.WriteSpec("accounts.yaml", accounts);
        foreach (var name in Fleet)
        {
            _op.WriteSpec($"{name}.yaml", $"""
                apiVersion: sacoperator.dev/v1alpha1
                kind: Agent
                metadata:
                  name: {name}
                spec:
                  runtime: local
                  accounts: [acct-a, acct-b]
                  command: ["sleep", "{_marker}"]
                  restart:
                    policy: always
                """);
        }

        foreach (var name in Fleet)
        {
            await _op.WaitForAgentAsync(name, s => s.Phase == AgentPhases.Running && s.Account is not null);
        }

        var onA = Fleet.Where(n => ((AgentStatus)_op.Status.Latest(ResourceKey.Agent(n))!).Account == "acct-a").ToList();

        WriteCache(a: 99, b: 30);
        foreach (var name in Fleet)
        {
            await _op.WaitForAgentAsync(name, s => s.Phase == AgentPhases.Running && s.Account == "acct-b" && s.Pid is not null);
        }

        WriteCache(a: 99, b: 97);
        var frozen = new Dictionary<string, AgentStatus>();
        foreach (var name in Fleet)
        {
            frozen[name] = await _op.WaitForAgentAsync(name, s => s.Phase == AgentPhases.Frozen && s.Pid is null && s.Reason == AgentReasons.QuotaExhausted);
        }

        WriteCache(a: 5, b: 97);
        var thawed = new Dictionary<string, AgentStatus>();
        foreach (var name in Fleet)
        {
            thawed[name] = await _op.WaitForAgentAsync(name, s => s.Phase == AgentPhases.Running && s.Pid is not null && s.Account == "acct-a", TimeSpan.FromSeconds(40));
        }

        var back = ((AccountStatus)_op.Status.Latest(new ResourceKey(ResourceKinds.Account, "", "acct-a"))!).Conditions
            .Where(c => c.Status == ConditionStatus.True).Max(c => c.LastTransitionTime);
        onA.Should().NotBeEmpty("the choice spreads the fleet over both accounts, so some agents start on acct-a and must move");
        onA.Count.Should().BeLessThan(Fleet.Length);
        foreach (var name in onA)
        {
            _op.Events(name).Should().Contain(e => e.Reason == AgentReasons.AccountRotated && e.Message.StartsWith("from account acct-a to acct-b because acct-a is Exhausted", StringComparison.Ordinal));
        }

        foreach (var name in Fleet)
        {
            frozen[name].Message.Should().Contain("acct-a is Exhausted").And.Contain("acct-b is Exhausted");
            thawed[name].RestartCount.Should().Be(frozen[name].RestartCount, $"{name}: nothing restarts while frozen, and the thaw is no restart");
            thawed[name].StartedAt.Should().BeOnOrAfter(back + AccountChoice.Stagger(name), $"{name} waits for its place in the thaw window");
        }

        thawed.Values.Select(s => s.StartedAt).Distinct().Should().HaveCount(Fleet.Length, "the fleet does not start in the same instant");
    }

    private void WriteCache(double a, double b)
    {
        var now = DateTimeOffset.UtcNow;
        string Entry(string key, double h5) =>
            $$"""  "{{key}}": {"h5": {{h5.ToString(CultureInfo.InvariantCulture)}}, "d7": 10, "reset_at_5h": "{{now.AddHours(2).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}" }""";
        File.WriteAllText(_cache + ".tmp", $$"""{"written_at": "{{now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}}", "accounts": { {{Entry("acct-a", a)}}, {{Entry("acct-b", b)}} } }""");
        File.Move(_cache + ".tmp", _cache, overwrite: true);
    }
}
