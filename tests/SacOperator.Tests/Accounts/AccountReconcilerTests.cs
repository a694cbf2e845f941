using System.Globalization;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Accounts;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Accounts;

/// <summary>
/// The Account controller's reconciler on real files (sac's quota cache, Claude Code's credentials
/// file), a real SQLite status store, real commands, and a manual clock.
/// </summary>
[TestFixture]
public sealed class AccountReconcilerTests
{
    private const string Token = "sk-ant-oat01-SECRET-TOKEN-VALUE-0123456789";
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private TempDirectory _dir = null!;
    private ManualTimeProvider _clock = null!;
    private StateStore _state = null!;
    private LocalStatusWriter _status = null!;
    private ManualStore _store = null!;
    private KeyChannel _channel = null!;
    private AccountSignals _signals = null!;
    private QuotaFileWatch _watch = null!;
    private ListLogger<AccountReconciler> _log = null!;
    private AccountReconciler _reconciler = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory("accounts");
        _clock = new ManualTimeProvider(Start);
        _state = StateStore.Open(_dir.Combine("state.db"), _clock);
        _status = new LocalStatusWriter(_state, _clock);
        _store = new ManualStore();
        _channel = new KeyChannel(ResourceKinds.Account);
        _signals = new AccountSignals(_channel);
        _watch = new QuotaFileWatch(_channel);
        _log = new ListLogger<AccountReconciler>();
        _reconciler = new AccountReconciler(_store, _status, new ProcessRunner(), _signals, _watch,
            new Dictionary<string, string> { ["HOME"] = _dir.Path }, _clock, _log);
    }

    [TearDown]
    public void TearDown()
    {
        _watch.Dispose();
        _state.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task SacCache_EntryRisesToExhaustionAndDrops_AvailableExhaustedAvailable()
    {
        var key = PutAccount("team-a", new QuotaSpec { Source = QuotaSources.SacCache, Path = _dir.Combine("quota-cache.json") });
        WriteCache(("team-a", 40, 10, Start.AddHours(2)));

        var first = await ReconcileAsync(key);
        _clock.Advance(TimeSpan.FromMinutes(1));
        WriteCache(("team-a", 99, 10, Start.AddHours(2)));
        var second = await ReconcileAsync(key);
        _clock.Advance(TimeSpan.FromMinutes(1));
        WriteCache(("team-a", 3, 10, Start.AddHours(7)));
        var third = await ReconcileAsync(key);

        first.Phase.Should().Be(AccountPhases.Available);
        second.Phase.Should().Be(AccountPhases.Exhausted);
        second.Reason.Should().Be("FiveHourExhausted");
        second.AvailableAt.Should().Be(Start.AddHours(2));
        second.Message.Should().Contain("2026-11-01T14:00:00Z");
        third.Phase.Should().Be(AccountPhases.Available);
        third.FiveHourUsedPercent.Should().Be(3);
    }

    [Test]
    public async Task SacCache_EntryByShortName_IsFound()
    {
        var key = PutAccount("alice-example-com", new QuotaSpec { Source = QuotaSources.SacCache, Path = _dir.Combine("quota-cache.json"), Key = "alice" });
        _dir.Write("quota-cache.json", $$"""{ "written_at": "{{Iso(Start)}}", "accounts": { "alice@example.com": { "short": "alice", "h5": 96.5, "d7": 20, "ttl_h": 3.5} } } """);

        var status = await ReconcileAsync(key);

        status.Phase.Should().Be(AccountPhases.Exhausted);
        status.FiveHourUsedPercent.Should().Be(96.5);
    }

    [Test]
    public async Task SacCache_ReadingOlderThanMaxAge_IsUnknownNeverAvailable()
    {
        var key = PutAccount("team-a", new QuotaSpec { Source = QuotaSources.SacCache, Path = _dir.Combine("quota-cache.json"), MaxAge = TimeSpan.FromMinutes(10) });
        WriteCache(("team-a", 10, 10, Start.AddHours(2)));
        var fresh = await ReconcileAsync(key);

        _clock.Advance(TimeSpan.FromMinutes(11));
        var stale = await ReconcileAsync(key);

        fresh.Phase.Should().Be(AccountPhases.Available);
        stale.Phase.Should().Be(AccountPhases.Unknown);
        stale.Reason.Should().Be("QuotaStale");
    }

    [Test]
    public async Task SacCache_FileMissingOrBroken_IsUnknownWithTheFileNamed()
    {
        var path = _dir.Combine("quota-cache.json");
        var key = PutAccount("team-a", new QuotaSpec { Source = QuotaSources.SacCache, Path = path });
        var missing = await ReconcileAsync(key);

        _dir.Write("quota-cache.json", "{\"accounts\": ");
        var broken = await ReconcileAsync(key);

        missing.Phase.Should().Be(AccountPhases.Unknown);
        missing.Message.Should().Contain(path).And.Contain("does not exist");
        broken.Phase.Should().Be(AccountPhases.Unknown);
        broken.Message.Should().Contain(path).And.Contain("not valid JSON");
    }

    [Test]
    public async Task SacCache_FileWritten_EnqueuesTheAccount()
    {
        var key = PutAccount("team-a", new QuotaSpec { Source = QuotaSources.SacCache, Path = _dir.Combine("quota-cache.json") });
        WriteCache(("team-a", 10, 10, Start.AddHours(2)));
        await ReconcileAsync(key);
        var enqueued = new TaskCompletionSource<ResourceKey>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var attached = _channel.Attach(k => enqueued.TrySetResult(k));

        WriteCache(("team-a", 99, 10, Start.AddHours(2)));

        (await enqueued.Task.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be(key);
    }

    [Test]
    public async Task Credentials_OAuthExpired_IsExpiredAndTheTokenIsNowhere()
    {
        var credentials = _dir.Combine("creds", "team-a");
        Directory.CreateDirectory(credentials);
        File.WriteAllText(Path.Combine(credentials, ".credentials.json"),
            $$"""{ "claudeAiOauth": { "accessToken": "{{Token}}", "refreshToken": "{{Token}}-refresh", "expiresAt": {{Start.AddMinutes(30).ToUnixTimeMilliseconds()}}, "scopes": ["user:inference"], "subscriptionType": "max"} } """);
        var key = PutAccount("team-a", new QuotaSpec(), new CredentialRef { Directory = credentials });
        var valid = await ReconcileAsync(key);

        _clock.Advance(TimeSpan.FromMinutes(31));
        var expired = await ReconcileAsync(key);

        valid.Phase.Should().Be(AccountPhases.Available);
        valid.CredentialExpiresAt.Should().Be(Start.AddMinutes(30));
        expired.Phase.Should().Be(AccountPhases.Expired);
        expired.Reason.Should().Be("CredentialsExpired");
        var everything = string.Join("\n", File.ReadAllBytes(_dir.Combine("state.db")).Select(b => (char)b)) + string.Join("\n", _log.Lines)
            + SacOperator.Serialization.ModelJson.Serialize(expired);
        everything.Should().NotContain("SECRET-TOKEN");
    }

    [Test]
    public async Task Credentials_AuthenticationFailedReported_IsExpiredUntilTheFileIsRewritten()
    {
        var credentials = _dir.Combine("creds", "team-a");
        Directory.CreateDirectory(credentials);
        var file = Path.Combine(credentials, ".credentials.json");
        File.WriteAllText(file, $$"""{ "claudeAiOauth": { "expiresAt": {{Start.AddHours(5).ToUnixTimeMilliseconds()}}} } """);
        File.SetLastWriteTimeUtc(file, Start.AddHours(-1).UtcDateTime);
        var key = PutAccount("team-a", new QuotaSpec(), new CredentialRef { Directory = credentials });
        _signals.Report(key, new AccountSignal(AccountSignal.AuthenticationFailed, "worker", Start));

        var refused = await ReconcileAsync(key);
        File.SetLastWriteTimeUtc(file, Start.AddMinutes(1).UtcDateTime);
        var renewed = await ReconcileAsync(key);

        refused.Phase.Should().Be(AccountPhases.Expired);
        refused.Message.Should().Contain("worker");
        renewed.Phase.Should().Be(AccountPhases.Available);
    }

    [Test]
    public async Task Command_PrintsOneJsonObject_IsTheReading()
    {
        var reset = Start.AddHours(1);
        var key = PutAccount("team-a", new QuotaSpec
        {
            Source = QuotaSources.Command,
            Command = ["/bin/echo", $$"""{ "fiveHourPercent": 97, "sevenDayPercent": 12, "fiveHourResetsAt": "{{Iso(reset)}}"} """],
        });

        var status = await ReconcileAsync(key);

        status.Phase.Should().Be(AccountPhases.Exhausted);
        status.FiveHourResetsAt.Should().Be(reset);
        status.LastReadingTime.Should().Be(Start);
    }

    [Test]
    public async Task Command_RunsPastItsTimeout_IsUnknown()
    {
        var key = PutAccount("team-a", new QuotaSpec { Source = QuotaSources.Command, Command = ["/bin/sleep", "30"], Timeout = TimeSpan.FromMilliseconds(300) });

        var status = await ReconcileAsync(key);

        status.Phase.Should().Be(AccountPhases.Unknown);
        status.Reason.Should().Be("QuotaUnreadable");
        status.Message.Should().Contain("did not finish");
    }

    [Test]
    public async Task Stream_NoSignalYet_WaitsForAgentStreams_ThenARateLimitExhaustsItUntilTheReset()
    {
        var key = PutAccount("team-a", new QuotaSpec { Source = QuotaSources.Stream });
        var waiting = await ReconcileAsync(key);

        _signals.Report(key, new AccountSignal(AccountSignal.RateLimited, "worker", Start, Start.AddMinutes(20)));
        var limited = await ReconcileAsync(key);
        _clock.Advance(TimeSpan.FromMinutes(21));
        var lifted = await ReconcileAsync(key);

        waiting.Phase.Should().Be(AccountPhases.Unknown);
        waiting.Message.Should().Contain("waiting for agent streams");
        limited.Phase.Should().Be(AccountPhases.Exhausted);
        limited.AvailableAt.Should().Be(Start.AddMinutes(20));
        lifted.Phase.Should().Be(AccountPhases.Unknown);
    }

    private ResourceKey PutAccount(string name, QuotaSpec quota, CredentialRef? credentials = null)
    {
        var account = new Account
        {
            Metadata = new ObjectMeta { Name = name },
            Spec = new AccountSpec { Credentials = credentials ?? new CredentialRef { EnvVar = "ANTHROPIC_API_KEY" }, Quota = quota },
        };
        _store.Put(account);
        return account.Key;
    }

    private async Task<AccountStatus> ReconcileAsync(ResourceKey key)
    {
        await _reconciler.ReconcileAsync(key, CancellationToken.None);
        return (AccountStatus)_status.Current(key)!;
    }

    private void WriteCache(params (string Key, double H5, double D7, DateTimeOffset Reset5)[] entries)
    {
        var body = string.Join(", ", entries.Select(e =>
            $$"""  "{{e.Key}}": { "short": "{{e.Key.Split('-')[0]}}", "h5": {{e.H5.ToString(CultureInfo.InvariantCulture)}}, "d7": {{e.D7.ToString(CultureInfo.InvariantCulture)}}, "ttl_h": 4.0, "reset_at_5h": "{{Iso(e.Reset5)}}"} """));
        var path = _dir.Combine("quota-cache.json");
        File.WriteAllText(path + ".tmp", $$"""{ "written_at": "{{Iso(_clock.GetUtcNow())}}", "accounts": {  {{body}} } } """);
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
