using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.Tests.Agents;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// Agents in several phases on an in-process operator, each awaited: two Running (one writing
/// heartbeats), one Frozen, one Failed, one Invalid, and optionally one restarting in a loop
/// (its phase flips, so counts that must be stable leave it out).
/// </summary>
public static class MixedFleet
{
    public const int Running = 2;

    public static async Task StartAsync(OperatorHarness op, bool withCrashLoop)
    {
        var beat = op.Dir.Write("beat.sh", """
            while true; do
              printf '{"ts":"%s","state":"idle"}' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$SAC_HEARTBEAT_FILE.tmp"
              mv "$SAC_HEARTBEAT_FILE.tmp" "$SAC_HEARTBEAT_FILE"
              sleep 1
            done
            """);
        op.WriteSpec("runner.yaml", AgentControllerIntegrationTests.Spec("runner"));
        op.WriteSpec("beater.yaml", AgentControllerIntegrationTests.Spec("beater", $"[\"sh\", \"{beat}\"]"));
        op.WriteSpec("frozen.yaml", AgentControllerIntegrationTests.Spec("frozen", extra: "  suspend: true\n"));
        op.WriteSpec("failed.yaml", AgentControllerIntegrationTests.Spec("failed", "[\"sh\", \"-c\", \"exit 3\"]", restart: "policy: never"));
        op.WriteSpec("invalid.yaml", AgentControllerIntegrationTests.Spec("invalid", restart: "policy: sometimes"));
        if (withCrashLoop)
        {
            op.WriteSpec("crasher.yaml", AgentControllerIntegrationTests.Spec("crasher", "[\"sh\", \"-c\", \"exit 1\"]"));
        }

        await op.WaitForAgentAsync("runner", s => s.Phase == AgentPhases.Running);
        await op.WaitForAgentAsync("beater", s => s.Phase == AgentPhases.Running);
        await op.WaitForAgentAsync("frozen", s => s.Phase == AgentPhases.Frozen);
        await op.WaitForAgentAsync("failed", s => s.Phase == AgentPhases.Failed);
        await op.WaitForAgentAsync("invalid", s => s.Phase == AgentPhases.Invalid);
        if (withCrashLoop)
        {
            await op.WaitForAgentAsync("crasher", s => s.Phase is AgentPhases.Restarting or AgentPhases.CrashLoopBackOff);
        }

        var heartbeat = AgentPaths.For(op.Home, ResourceKey.Agent("beater")).Heartbeat;
        await Eventually.Until(() => File.Exists(heartbeat), "the beater agent's first heartbeat");
    }
}
