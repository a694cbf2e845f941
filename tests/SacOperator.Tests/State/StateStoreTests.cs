using System.Collections.Concurrent;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.State;

[TestFixture]
public sealed class StateStoreTests
{
    private static readonly ResourceKey Alpha = ResourceKey.Agent("alpha");
    private static readonly ResourceKey Beta = ResourceKey.Agent("beta");

    private TempDirectory _dir = null!;
    private ManualTimeProvider _time = null!;

    private string DbPath => _dir.Combine("state", "state.db");

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory("state");
        _time = new ManualTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
    }

    [TearDown]
    public void TearDown() => _dir.Dispose();

    [Test]
    public void Open_NewPath_DirectoryDatabaseWalAndShmAreOwnerOnly()
    {
        using var state = StateStore.Open(DbPath, _time);
        state.SetMeta("probe", "1");

        File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var file in new[] { DbPath, DbPath + "-wal", DbPath + "-shm" })
        {
            File.Exists(file).Should().BeTrue(file);
            File.GetUnixFileMode(file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite, file);
        }
    }

    [Test]
    public void Open_DatabaseAnOlderVersionLeftWorldReadable_IsTightened()
    {
        using (var first = StateStore.Open(DbPath, _time))
        {
            first.SetMeta("probe", "1");
        }

        File.SetUnixFileMode(DbPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(Path.GetDirectoryName(DbPath)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        using var state = StateStore.Open(DbPath, _time);

        File.GetUnixFileMode(DbPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.GetUnixFileMode(Path.GetDirectoryName(DbPath)!).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        state.GetMeta("probe").Should().Be("1");
    }

    [Test]
    public void Open_NewPath_CreatesDatabaseWithSchemaVersionAndIsWritable()
    {
        using var state = StateStore.Open(DbPath, _time);

        File.Exists(DbPath).Should().BeTrue();
        state.GetMeta("schema_version").Should().Be(StateSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        state.IsWritable().Should().BeTrue();
    }

    [Test]
    public void Meta_SetTwice_ReturnsLatestAndMissingIsNull()
    {
        using var state = StateStore.Open(DbPath, _time);

        state.SetMeta("operator", "v1");
        state.SetMeta("operator", "v2");

        state.GetMeta("operator").Should().Be("v2");
        state.GetMeta("nothing").Should().BeNull();
    }

    [Test]
    public void Resource_PutAndGet_RoundTripsEveryField()
    {
        using var state = StateStore.Open(DbPath, _time);
        var created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2));
        var row = new ResourceRow
        {
            Key = new ResourceKey(ResourceKinds.Agent, "team", "alpha"),
            Source = "/agents/alpha.yaml",
            SpecHash = "abc123",
            Generation = 7,
            ObjectJson = "{\"kind\":\"Agent\"}",
            StatusJson = "{\"phase\":\"Running\"}",
            CreatedAt = created,
        };

        state.PutResource(row);
        var loaded = state.GetResource(row.Key);

        loaded.Should().BeEquivalentTo(row with { UpdatedAt = _time.GetUtcNow() });
        loaded!.CreatedAt.Should().Be(created);
    }

    [Test]
    public void Resource_PutAgain_UpdatesFieldsButKeepsCreatedAt()
    {
        using var state = StateStore.Open(DbPath, _time);
        var first = _time.GetUtcNow();
        state.PutResource(new ResourceRow { Key = Alpha, SpecHash = "h1", Generation = 1, StatusJson = "{}" });
        _time.Advance(TimeSpan.FromMinutes(3));

        state.PutResource(new ResourceRow { Key = Alpha, SpecHash = "h2", Generation = 2, ObjectJson = null, StatusJson = null });
        var loaded = state.GetResource(Alpha)!;

        loaded.SpecHash.Should().Be("h2");
        loaded.Generation.Should().Be(2);
        loaded.StatusJson.Should().BeNull();
        loaded.CreatedAt.Should().Be(first);
        loaded.UpdatedAt.Should().Be(first + TimeSpan.FromMinutes(3));
    }

    [Test]
    public void Resource_ListAndDelete_ListsOneKindInNameOrderAndDeletesOneKey()
    {
        using var state = StateStore.Open(DbPath, _time);
        state.PutResource(new ResourceRow { Key = Beta });
        state.PutResource(new ResourceRow { Key = Alpha });
        state.PutResource(new ResourceRow { Key = new ResourceKey(ResourceKinds.Image, "", "base") });

        state.DeleteResource(Beta);

        state.ListResources(ResourceKinds.Agent).Select(r => r.Key).Should().Equal(Alpha);
        state.ListResources(ResourceKinds.Image).Should().ContainSingle();
        state.GetResource(Beta).Should().BeNull();
    }

    [Test]
    public void Agent_PutAndGet_RoundTripsEveryField()
    {
        using var state = StateStore.Open(DbPath, _time);
        var record = FullAgentRecord();

        state.PutAgent(record);
        var loaded = state.GetAgent(record.Key);

        loaded.Should().BeEquivalentTo(record);
    }

    [Test]
    public void Agent_SampleRecord_SetsEveryProperty()
    {
        var record = FullAgentRecord();

        var unset = typeof(AgentRecord).GetProperties()
            .Where(p => p.GetValue(record) is var value && (value is null || value.Equals(p.PropertyType.IsValueType ? Activator.CreateInstance(p.PropertyType) : null)))
            .Select(p => p.Name);

        unset.Should().BeEmpty("the round-trip test must cover every field of AgentRecord");
    }

    [Test]
    public void Agent_PutAgainListAndDelete_KeepsOneRecordPerAgent()
    {
        using var state = StateStore.Open(DbPath, _time);
        state.PutAgent(new AgentRecord { Key = Beta, InstanceName = "sac-beta", Runtime = "local", Pid = 10 });
        state.PutAgent(new AgentRecord { Key = Alpha, InstanceName = "sac-alpha", Runtime = "local", Pid = 11 });

        state.PutAgent(new AgentRecord { Key = Alpha, InstanceName = "sac-alpha", Runtime = "local", Pid = null, RestartCount = 1 });
        state.DeleteAgent(Beta);

        var agents = state.ListAgents();
        agents.Should().ContainSingle();
        agents[0].Key.Should().Be(Alpha);
        agents[0].Pid.Should().BeNull();
        agents[0].RestartCount.Should().Be(1);
        state.GetAgent(Beta).Should().BeNull();
    }

    [Test]
    public void Restarts_ListWithLimit_ReturnsTheNewestOldestFirstPerAgent()
    {
        using var state = StateStore.Open(DbPath, _time);
        var start = _time.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            state.AddRestart(Alpha, new RestartEntry { At = start.AddMinutes(i), ExitCode = i, Uptime = TimeSpan.FromSeconds(i + 1), Reason = $"Exited{i}" });
        }

        state.AddRestart(Beta, new RestartEntry { At = start, ExitCode = null, Uptime = TimeSpan.FromMilliseconds(1500), Reason = "Unhealthy" });

        state.ListRestarts(Alpha, limit: 3).Select(r => r.Reason).Should().Equal("Exited2", "Exited3", "Exited4");
        state.ListRestarts(Alpha).Should().HaveCount(5);
        state.ListRestarts(Alpha)[4].Should().BeEquivalentTo(
            new RestartEntry { At = start.AddMinutes(4), ExitCode = 4, Uptime = TimeSpan.FromSeconds(5), Reason = "Exited4" });
        state.ListRestarts(Beta).Should().ContainSingle().Which.Should().BeEquivalentTo(
            new RestartEntry { At = start, ExitCode = null, Uptime = TimeSpan.FromMilliseconds(1500), Reason = "Unhealthy" });
    }

    [Test]
    public void Events_SameReasonAndMessageRepeated_CountsWithFirstAndLastTimestamps()
    {
        using var state = StateStore.Open(DbPath, _time);
        var first = _time.GetUtcNow();

        state.RecordEvent(Event(Alpha, "BackOff", "waiting 10s"));
        _time.Advance(TimeSpan.FromSeconds(10));
        state.RecordEvent(Event(Alpha, "BackOff", "waiting 10s"));
        _time.Advance(TimeSpan.FromSeconds(20));
        state.RecordEvent(Event(Alpha, "BackOff", "waiting 10s"));

        var events = state.ListEvents(Alpha);
        events.Should().ContainSingle();
        events[0].Count.Should().Be(3);
        events[0].FirstTimestamp.Should().Be(first);
        events[0].LastTimestamp.Should().Be(first + TimeSpan.FromSeconds(30));
        events[0].Should().BeEquivalentTo(new { Key = Alpha, Type = EventTypes.Warning, Reason = "BackOff", Message = "waiting 10s" });
    }

    [Test]
    public void Events_ExplicitTimestamp_IsUsedInsteadOfTheClock()
    {
        using var state = StateStore.Open(DbPath, _time);
        var at = new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromHours(-5));

        state.RecordEvent(Event(Alpha, "Started", "pid 42") with { LastTimestamp = at });
        state.RecordEvent(Event(Alpha, "Started", "pid 42") with { LastTimestamp = at.AddSeconds(5) });

        var single = state.ListEvents(Alpha).Should().ContainSingle().Subject;
        single.FirstTimestamp.Should().Be(at);
        single.LastTimestamp.Should().Be(at.AddSeconds(5));
    }

    [Test]
    public void Events_DifferentMessageOrInterleaved_AreSeparateAndOldestFirst()
    {
        using var state = StateStore.Open(DbPath, _time);

        state.RecordEvent(Event(Alpha, "BackOff", "waiting 10s"));
        state.RecordEvent(Event(Alpha, "BackOff", "waiting 20s"));
        state.RecordEvent(Event(Alpha, "Started", "pid 1"));
        state.RecordEvent(Event(Alpha, "BackOff", "waiting 20s"));
        state.RecordEvent(Event(Beta, "BackOff", "waiting 20s"));

        state.ListEvents(Alpha).Select(e => (e.Reason, e.Message, e.Count)).Should().Equal(
            ("BackOff", "waiting 10s", 1), ("BackOff", "waiting 20s", 1), ("Started", "pid 1", 1), ("BackOff", "waiting 20s", 1));
        state.ListEvents(Beta).Should().ContainSingle().Which.Count.Should().Be(1, "dedupe is per resource");
    }

    [Test]
    public void Events_DifferentType_IsNotMergedIntoTheLastEvent()
    {
        using var state = StateStore.Open(DbPath, _time);

        state.RecordEvent(Event(Alpha, "Probe", "ok") with { Type = EventTypes.Normal });
        state.RecordEvent(Event(Alpha, "Probe", "ok") with { Type = EventTypes.Warning });

        state.ListEvents(Alpha).Select(e => e.Type).Should().Equal(EventTypes.Normal, EventTypes.Warning);
    }

    [Test]
    public void Events_ListWithLimitAndFilters_ReturnsNewestOldestFirst()
    {
        using var state = StateStore.Open(DbPath, _time);
        for (var i = 0; i < 5; i++)
        {
            state.RecordEvent(Event(Alpha, "Step", $"step {i}"));
        }

        state.RecordEvent(Event(new ResourceKey(ResourceKinds.Image, "", "alpha"), "Pulled", "done"));
        state.RecordEvent(Event(Beta, "Step", "other"));

        state.ListEvents(Alpha, limit: 2).Select(e => e.Message).Should().Equal("step 3", "step 4");
        state.ListEvents(new ResourceKey("", "", "alpha")).Select(e => e.Message).Should().EndWith(["step 4", "done"],
            "an empty kind matches every kind of that name");
        state.ListEvents().Should().HaveCount(7);
        state.ListEvents().Select(e => e.Id).Should().BeInAscendingOrder();
    }

    [Test]
    public void Events_KindFilterWithLimit_FiltersBeforeLimiting()
    {
        using var state = StateStore.Open(DbPath, _time);
        var image = new ResourceKey(ResourceKinds.Image, "", "base");
        state.RecordEvent(Event(image, "Pulled", "image ready"));
        for (var i = 0; i < 5; i++)
        {
            state.RecordEvent(Event(Alpha, "Step", $"step {i}"));
        }

        var images = state.ListEvents(limit: 2, kind: ResourceKinds.Image);

        images.Select(e => e.Message).Should().Equal(["image ready"], "five newer Agent events must not crowd the only Image event out of the limit");
        state.ListEvents(limit: 2, kind: ResourceKinds.Agent).Select(e => e.Message).Should().Equal("step 3", "step 4");
    }

    [Test]
    public void Requests_Taken_AreReturnedInOrderOnlyOnce()
    {
        using var state = StateStore.Open(DbPath, _time);
        var first = state.AddRequest(Alpha, "restart");
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = state.AddRequest(Beta, "restart");

        var taken = state.TakeRequests();
        var again = state.TakeRequests();
        var third = state.AddRequest(Alpha, "restart");
        var later = state.TakeRequests();

        second.Should().BeGreaterThan(first);
        taken.Should().Equal(
            new ActionRequest(first, Alpha, "restart", _time.GetUtcNow() - TimeSpan.FromSeconds(1)),
            new ActionRequest(second, Beta, "restart", _time.GetUtcNow()));
        again.Should().BeEmpty();
        later.Select(r => r.Id).Should().Equal(third);
    }

    [Test]
    public void TwoInstances_SameFile_SeeEachOthersWrites()
    {
        using var operatorState = StateStore.Open(DbPath, _time);
        using var cliState = StateStore.Open(DbPath, _time);

        operatorState.PutAgent(new AgentRecord { Key = Alpha, InstanceName = "sac-alpha", Runtime = "local", Pid = 4242 });
        operatorState.RecordEvent(Event(Alpha, "Started", "pid 4242"));
        var requestId = cliState.AddRequest(Alpha, "restart");
        cliState.SetMeta("cli", "was here");

        cliState.GetAgent(Alpha)!.Pid.Should().Be(4242);
        cliState.ListEvents(Alpha).Should().ContainSingle();
        operatorState.TakeRequests().Select(r => r.Id).Should().Equal(requestId);
        cliState.TakeRequests().Should().BeEmpty();
        operatorState.GetMeta("cli").Should().Be("was here");
    }

    [Test]
    public async Task ConcurrentWriters_SeveralThreadsAndTwoInstances_AllWritesSucceed()
    {
        using var one = StateStore.Open(DbPath, _time);
        using var two = StateStore.Open(DbPath, _time);
        const int Threads = 8;
        const int WritesPerThread = 40;

        await Task.WhenAll(Enumerable.Range(0, Threads).Select(t => Task.Run(() =>
        {
            var state = t % 2 == 0 ? one : two;
            for (var i = 0; i < WritesPerThread; i++)
            {
                var key = ResourceKey.Agent($"agent-{t}-{i}");
                state.PutResource(new ResourceRow { Key = key, SpecHash = "h" });
                state.PutAgent(new AgentRecord { Key = key, InstanceName = "sac", Runtime = "local" });
                state.RecordEvent(Event(key, "Created", "created"));
                state.AddRestart(key, new RestartEntry { At = _time.GetUtcNow(), Reason = "Exited" });
                state.AddRequest(key, "restart");
                state.GetAgent(key).Should().NotBeNull();
            }
        }))).WithTimeout();

        one.ListResources(ResourceKinds.Agent).Should().HaveCount(Threads * WritesPerThread);
        two.ListAgents().Should().HaveCount(Threads * WritesPerThread);
        one.ListEvents(limit: 10_000).Should().HaveCount(Threads * WritesPerThread);
        two.TakeRequests().Should().HaveCount(Threads * WritesPerThread);
    }

    [Test]
    public async Task TakeRequests_TwoInstancesTakingConcurrently_HandOutEachRequestOnce()
    {
        using var cli = StateStore.Open(DbPath, _time);
        using var one = StateStore.Open(DbPath, _time);
        using var two = StateStore.Open(DbPath, _time);
        var ids = new List<long>();
        var taken = new ConcurrentBag<long>();

        for (var round = 0; round < 30; round++)
        {
            ids.AddRange(Enumerable.Range(0, 10).Select(i => cli.AddRequest(ResourceKey.Agent($"a{round}-{i}"), "restart")));
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var takers = new[] { one, two, one, two }.Select(state => Task.Run(async () =>
            {
                await go.Task;
                foreach (var request in state.TakeRequests())
                {
                    taken.Add(request.Id);
                }
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(takers).WithTimeout();
        }

        taken.Should().OnlyHaveUniqueItems();
        taken.Should().BeEquivalentTo(ids);
    }

    [Test]
    public void Reopen_AfterDispose_KeepsEverything()
    {
        var record = FullAgentRecord();
        using (var state = StateStore.Open(DbPath, _time))
        {
            state.PutResource(new ResourceRow { Key = Alpha, SpecHash = "h1", Generation = 3 });
            state.PutAgent(record);
            state.AddRestart(Alpha, new RestartEntry { At = _time.GetUtcNow(), ExitCode = 1, Reason = "Exited" });
            state.RecordEvent(Event(Alpha, "Started", "pid 1"));
            state.AddRequest(Alpha, "restart");
            state.SetMeta("k", "v");
        }

        using var reopened = StateStore.Open(DbPath, _time);

        reopened.GetResource(Alpha)!.Generation.Should().Be(3);
        reopened.GetAgent(record.Key).Should().BeEquivalentTo(record);
        reopened.ListRestarts(Alpha).Should().ContainSingle().Which.ExitCode.Should().Be(1);
        reopened.ListEvents(Alpha).Should().ContainSingle();
        reopened.TakeRequests().Should().ContainSingle();
        reopened.GetMeta("k").Should().Be("v");
        reopened.GetMeta("schema_version").Should().Be(StateSchema.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static EventEntry Event(ResourceKey key, string reason, string message) =>
        new() { Key = key, Type = EventTypes.Warning, Reason = reason, Message = message };

    private static AgentRecord FullAgentRecord()
    {
        var at = new DateTimeOffset(2026, 2, 3, 4, 5, 6, TimeSpan.FromHours(9)).AddTicks(1234567);
        return new AgentRecord
        {
            Key = ResourceKey.Agent("alpha", "team"),
            InstanceName = "sac-alpha",
            Runtime = AgentRuntimes.Apptainer,
            Pid = 31337,
            StartTicks = 987654321012,
            StartedAt = at,
            StderrOffset = 4096,
            SpecHash = "spec-hash",
            InstanceStarted = true,
            RestartCount = 4,
            ConsecutiveFailures = 2,
            LastExitCode = 137,
            LastExitAt = at.AddMinutes(1),
            LastUptime = TimeSpan.FromSeconds(3723.5),
            ExitPending = true,
            LastExitIntent = StopIntents.Unhealthy,
            LastStderrTail = "Traceback (most recent call last):\n  boom\n",
            CrashLooping = true,
            StartFailures = 3,
            LastStartErrorReason = "ImageNotFound",
            LastStartError = "no such image: sac-base",
            StartFailedAt = at.AddSeconds(90),
            NextStartAt = at.AddMinutes(2),
            StopIntent = StopIntents.SpecChanged,
            TermSentAt = at.AddMinutes(3),
            KillSent = true,
            Frozen = true,
            RestartRequestedAt = at.AddMinutes(4),
            RecentRestarts =
            [
                new RestartEntry { At = at, ExitCode = 1, Uptime = TimeSpan.FromSeconds(12), Reason = "Exited" },
                new RestartEntry { At = at.AddSeconds(30), ExitCode = null, Uptime = TimeSpan.FromMilliseconds(250), Reason = "Unhealthy" },
            ],
            GaveUpReason = "RestartLimitExceeded",
            GaveUpSpecHash = "gave-up-hash",
            LaunchId = "launch-1",
            Launching = true,
            Node = "gpu-box",
            LastPid = 4242,
            LeftoverTermSentAt = DateTimeOffset.Parse("2026-11-01T12:00:03Z", System.Globalization.CultureInfo.InvariantCulture),
            ImageDigest = "sha256:0a1b2c",
            CredentialIdentity = "cred:3d4e5f",
            SessionId = "0d8c1f2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f",
            SessionStarted = true,
            PromptsSentAt = new DateTimeOffset(2026, 11, 2, 9, 0, 1, TimeSpan.Zero),
            StallInterruptedAt = new DateTimeOffset(2026, 11, 2, 9, 20, 0, TimeSpan.Zero),
            SessionErrorReported = "RateLimited",
        };
    }
}
