using SacOperator.Processes;

namespace SacOperator.Runtime;

/// <param name="Process">The agent process (leader of its own session and process group).</param>
/// <param name="InstanceStarted">An Apptainer instance exists for it and must be stopped on cleanup.</param>
public sealed record StartedAgent(ProcessHandle Process, bool InstanceStarted);
