using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Agents;

/// <summary>
/// Start failures back off by the planner's decision alone: the executor only records the
/// failure (<see cref="AgentRecord.StartFailedAt"/>), the next plan schedules the retry.
/// </summary>
[TestFixture]
public sealed class StartFailureBackoffTests
{
    [Test]
    public void Plan_StreakOfStartFailures_BacksOffByTheSpecFromEachFailureUpToMax()
    {
        // The golden case's agent: backoff initial 10s, max 5m, multiplier 2.
        var observation = PlannerCase.Load(Path.Combine(Repo.TestData, "planner", "first-start"));
        var now = observation.Now;
        AgentRecord? record = null;
        var delays = new List<TimeSpan>();

        for (var attempt = 0; attempt < 7; attempt++)
        {
            var start = AgentPlanner.Plan(observation with { Now = now, Record = record });
            start.Action.Should().Be(AgentAction.Start, $"attempt {attempt + 1} is due");

            // What the executor records when the runtime throws AgentStartException.
            var failed = start.Record! with
            {
                StartFailures = start.Record!.StartFailures + 1,
                LastStartErrorReason = StartFailureReasons.CommandNotFound,
                LastStartError = "cannot start 'agent': not found on PATH",
                StartFailedAt = now,
            };
            var waiting = AgentPlanner.Plan(observation with { Now = now, Record = failed });

            waiting.Action.Should().Be(AgentAction.None);
            waiting.Phase.Should().Be(AgentPhases.Failed);
            waiting.Reason.Should().Be(StartFailureReasons.CommandNotFound);
            waiting.Record!.StartFailedAt.Should().BeNull("the failure is scheduled once");
            var delay = waiting.Record.NextStartAt!.Value - now;
            waiting.RequeueAfter.Should().Be(delay);
            waiting.Message.Should().EndWith($"(retrying in {AgentPlanner.Describe(delay)})");
            AgentPlanner.Plan(observation with { Now = now + (delay / 2), Record = waiting.Record }).Action.Should().Be(AgentAction.None, "not before the deadline");
            delays.Add(delay);
            record = waiting.Record;
            now += delay;
        }

        delays.Select(d => d.TotalSeconds).Should().Equal(10, 20, 40, 80, 160, 300, 300);
    }

    [Test]
    public void Plan_StartFailureOfAnUnavailableRuntime_RechecksAtTheFixedPeriod()
    {
        var observation = PlannerCase.Load(Path.Combine(Repo.TestData, "planner", "first-start"));
        var failed = new AgentRecord
        {
            Key = observation.Key,
            InstanceName = observation.InstanceName,
            Runtime = AgentRuntimes.Local,
            StartFailures = 6,
            LastStartErrorReason = StartFailureReasons.RuntimeUnavailable,
            LastStartError = "apptainer not found on PATH",
            StartFailedAt = observation.Now,
        };

        var plan = AgentPlanner.Plan(observation with { Record = failed });

        plan.Record!.NextStartAt.Should().Be(observation.Now + AgentPlanner.RuntimeRecheck);
        plan.RequeueAfter.Should().Be(AgentPlanner.RuntimeRecheck);
    }

    [Test]
    public async Task Reconcile_CommandNotFound_RecordsTheFailureAndThePlannerSchedulesTheRetry()
    {
        await using var harness = await OperatorHarness.StartAsync();
        harness.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a", command: "[\"/nonexistent/agent-command\"]"));

        var failed = await harness.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Failed && s.Message?.Contains("retrying in") == true);
        var retried = await harness.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Failed && s.NextRestartTime > failed.NextRestartTime);

        failed.Reason.Should().Be(StartFailureReasons.CommandNotFound);
        var record = harness.Services.GetRequiredService<StateStore>().GetAgent(ResourceKey.Agent("a"))!;
        record.StartFailedAt.Should().BeNull("the planner turned the recorded failure into a deadline");
        record.StartFailures.Should().BeGreaterThanOrEqualTo(2);
        retried.NextRestartTime.Should().NotBeNull();
        harness.Events("a").Where(e => e.Reason == StartFailureReasons.CommandNotFound).Sum(e => e.Count).Should().BeGreaterThanOrEqualTo(2);
    }
}
