using FluentAssertions;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Nodes;

namespace SacOperator.Tests.Agents;

[TestFixture]
public sealed class HealthEvaluatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthSpec HeartbeatEvery10s = new() { Method = HealthMethods.Heartbeat, Interval = TimeSpan.FromSeconds(10), FailureThreshold = 3 };

    [Test]
    public void Evaluate_FreshHeartbeat_IsAlive()
    {
        var verdict = HealthEvaluator.Evaluate(HeartbeatEvery10s, Now.AddMinutes(-5), Now, new HeartbeatReading(Now.AddSeconds(-12), "idle"), null);

        verdict.State.Should().Be(HealthState.Alive);
        verdict.HeartbeatAge.Should().Be(TimeSpan.FromSeconds(12));
    }

    [Test]
    public void Evaluate_HeartbeatOlderThanIntervalTimesThreshold_IsWedged()
    {
        var verdict = HealthEvaluator.Evaluate(HeartbeatEvery10s, Now.AddMinutes(-5), Now, new HeartbeatReading(Now.AddSeconds(-31), "working"), null);

        verdict.State.Should().Be(HealthState.Wedged);
        verdict.Message.Should().Contain("31s old").And.Contain("limit 30s");
    }

    [Test]
    public void Evaluate_NoHeartbeatWithinInitialDelay_IsStarting()
    {
        var verdict = HealthEvaluator.Evaluate(HeartbeatEvery10s, Now.AddSeconds(-5), Now, null, null);

        verdict.State.Should().Be(HealthState.Starting);
    }

    [Test]
    public void Evaluate_NoHeartbeatAfterInitialDelay_IsWedged()
    {
        var verdict = HealthEvaluator.Evaluate(HeartbeatEvery10s, Now.AddMinutes(-2), Now, null, null);

        verdict.State.Should().Be(HealthState.Wedged);
    }

    [Test]
    public void Evaluate_HeartbeatFromThePreviousRun_IsIgnored()
    {
        var previousRun = new HeartbeatReading(Now.AddMinutes(-10), "idle");

        var verdict = HealthEvaluator.Evaluate(HeartbeatEvery10s, Now.AddSeconds(-3), Now, previousRun, null);

        verdict.State.Should().Be(HealthState.Starting);
    }

    [Test]
    public void Evaluate_ProcessMethodWithoutAnyHeartbeat_IsAlive()
    {
        var verdict = HealthEvaluator.Evaluate(new HealthSpec(), Now.AddHours(-3), Now, null, null);

        verdict.State.Should().Be(HealthState.Alive);
    }

    [Test]
    public void Evaluate_ProcessMethodWithStaleHeartbeat_IsWedged()
    {
        var verdict = HealthEvaluator.Evaluate(new HealthSpec(), Now.AddHours(-3), Now, new HeartbeatReading(Now.AddMinutes(-2), "working"), null);

        verdict.State.Should().Be(HealthState.Wedged);
    }

    [Test]
    public void Evaluate_HealthDisabled_IsAliveWhateverTheHeartbeat()
    {
        var verdict = HealthEvaluator.Evaluate(HeartbeatEvery10s with { Enabled = false }, Now.AddHours(-3), Now, new HeartbeatReading(Now.AddHours(-2), null), null);

        verdict.State.Should().Be(HealthState.Alive);
    }

    [Test]
    public void Evaluate_ProbeFailingBelowThreshold_StaysAlive()
    {
        var spec = new HealthSpec { Method = HealthMethods.Http, FailureThreshold = 3 };
        var probe = new ProbeSnapshot { Probes = 10, ConsecutiveFailures = 2, LastSuccess = Now.AddMinutes(-1), LastMessage = "GET / answered 503" };

        HealthEvaluator.Evaluate(spec, Now.AddHours(-1), Now, null, probe).State.Should().Be(HealthState.Alive);
    }

    [Test]
    public void Evaluate_ProbeFailingAtThreshold_IsWedged()
    {
        var spec = new HealthSpec { Method = HealthMethods.Http, FailureThreshold = 3 };
        var probe = new ProbeSnapshot { Probes = 10, ConsecutiveFailures = 3, LastSuccess = Now.AddMinutes(-1), LastMessage = "GET / answered 503" };

        var verdict = HealthEvaluator.Evaluate(spec, Now.AddHours(-1), Now, null, probe);

        verdict.State.Should().Be(HealthState.Wedged);
        verdict.Message.Should().Contain("503");
    }

    [Test]
    public void Evaluate_NoProbeResultAfterGrace_IsUnknownNotWedged()
    {
        var spec = new HealthSpec { Method = HealthMethods.Exec };

        HealthEvaluator.Evaluate(spec, Now.AddHours(-1), Now, null, null).State.Should().Be(HealthState.Unknown);
    }
}
