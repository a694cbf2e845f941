using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <summary>
/// Starts agents as host processes (directly, or exec'd into an Apptainer instance). Signals,
/// liveness and exit notification are the same for every runtime because the agent is always a
/// host process group; runtimes differ in how it is launched and what must be cleaned up.
/// </summary>
public interface IAgentRuntime
{
    string Name { get; }

    RuntimeCheck Check();

    /// <summary>Starts the agent; throws <see cref="AgentStartException"/> with a reason when it cannot.</summary>
    Task<StartedAgent> StartAsync(AgentLaunch launch, CancellationToken cancellationToken);

    /// <summary>Releases what outlives the agent process (the Apptainer instance). Idempotent.</summary>
    Task CleanupAsync(string instanceName, CancellationToken cancellationToken);

    /// <summary>Names of instances this runtime has running (Apptainer), for adoption and garbage collection.</summary>
    Task<IReadOnlySet<string>> ListInstancesAsync(CancellationToken cancellationToken);

    /// <summary>Runs a health-check command in the agent's environment; exit 0 is healthy.</summary>
    Task<CommandResult> ExecAsync(AgentLaunch launch, IReadOnlyList<string> command, TimeSpan timeout, CancellationToken cancellationToken);
}
