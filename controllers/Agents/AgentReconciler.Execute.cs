using SacOperator.Model;
using SacOperator.Nodes;
using SacOperator.Processes;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Agents;

public sealed partial class AgentReconciler
{
    /// <summary>Performs the plan's action; returns the record as persisted and the plan as it turned out (a failed start changes it).</summary>
    private async Task<(AgentRecord? Record, AgentPlan Plan)> ExecuteAsync(
        INode node, AgentObservation o, AgentPlan plan, string runtime, AgentPaths paths, CancellationToken cancellationToken)
    {
        var record = plan.Record;
        switch (plan.Action)
        {
            case AgentAction.Start:
                return await StartAsync(node, o, plan, runtime, paths, cancellationToken).ConfigureAwait(false);
            case AgentAction.Terminate:
                Signal(node, o.Record!, LibC.SIGTERM);
                if (o.Process.Status == ProcessStatus.Frozen)
                {
                    Signal(node, o.Record!, LibC.SIGCONT);
                }

                break;
            case AgentAction.Kill:
                Signal(node, o.Record!, LibC.SIGKILL);
                break;
            case AgentAction.Interrupt:
                Signal(node, o.Record!, LibC.SIGINT);
                break;
            case AgentAction.Freeze:
                Signal(node, o.Record!, LibC.SIGSTOP);
                break;
            case AgentAction.Thaw:
                Signal(node, o.Record!, LibC.SIGCONT);
                break;
            case AgentAction.TerminateLeftovers:
                foreach (var p in o.Leftovers)
                {
                    node.SignalFound(p, LibC.SIGTERM);
                    node.SignalFound(p, LibC.SIGCONT);
                }

                break;
            case AgentAction.KillLeftovers:
                foreach (var p in o.Leftovers)
                {
                    node.SignalFound(p, LibC.SIGKILL);
                }

                break;
            case AgentAction.Cleanup:
                await node.CleanupAsync(runtime, o.Record?.InstanceName ?? o.InstanceName, cancellationToken).ConfigureAwait(false);
                // What is still in its cgroup has no marker and no record of a run: nothing of a deleted or stopped agent may stay.
                node.RemoveCgroup(o.Key);
                if (record is not null)
                {
                    // A stopped agent keeps its record (restart count, history); its instance and processes go.
                    break;
                }

                records.Delete(o.Key);
                return (null, plan);
            case AgentAction.Forget:
                records.Delete(o.Key);
                return (null, plan);
        }

        if (record is null)
        {
            records.Delete(o.Key);
        }
        else
        {
            records.Put(record);
        }

        return (record, plan);
    }

    private async Task<(AgentRecord? Record, AgentPlan Plan)> StartAsync(
        INode node, AgentObservation o, AgentPlan plan, string runtime, AgentPaths paths, CancellationToken cancellationToken)
    {
        var spec = o.Agent!.Spec;
        var before = plan.Record!;
        ClaudeSession? session = null;
        try
        {
            await status.EnsureFinalizerAsync(o.Desired!, cancellationToken).ConfigureAwait(false);

            // Never start a process that cannot be recorded: the launch is durable before the spawn,
            // and the process carries its id, so whatever instant the operator dies, the next one
            // finds it. If this write fails, nothing was started and the reconcile is retried.
            // The session id is part of that intent: a start that never spawned reuses it, and a
            // start after any process ran on it resumes it (never a second session, never two ids).
            var launchId = LaunchMarker.NewLaunchId();
            // Claude Code saves a session only once a turn ran on it, and every turn reports the id on
            // its stream: a process that died before its first turn left nothing to --resume.
            var resumable = before is { SessionStarted: true, SessionId: { } recorded } && node.OutputMentions(paths, recorded);
            session = AgentCommand.SessionFor(spec, before.SessionId, resumable);
            records.Put(before with
            {
                LaunchId = launchId,
                Launching = true,
                Node = node.Name,
                SessionId = session?.Id,
                SessionStarted = session is { Resume: true },
            });
            var launch = new AgentLaunch
            {
                Key = o.Key,
                Spec = spec,
                Paths = paths,
                InstanceName = o.InstanceName,
                SpecDirectory = SpecDirectory(o.Desired),
                // An instance runs one image: after ImageChanged the old instance must go, or the new run starts in the old image.
                ReuseInstance = before.InstanceStarted && before.SpecHash == o.SpecHash
                    && !(before.ImageDigest is { } ranWith && o.Dependencies.Image?.Digest is { } observed && ranWith != observed),
                Marker = new LaunchMarker(node.HomeDigest, LaunchInventory.AgentId(o.Key), launchId, o.SpecHash ?? "", runtime),
                Cgroup = node.PrepareCgroup(o.Key),
                Session = session,
                Credentials = plan.Account?.Credentials,
                ImageArtifact = o.Dependencies.Image is { Pinned: true, Artifact: { } pinned } ? pinned : null,
            };
            var stderrOffset = node.BeginRun(paths);
            var started = await node.StartAsync(runtime, launch, cancellationToken).ConfigureAwait(false);
            var now = time.GetUtcNow();
            var record = (plan.RecordOnSuccess ?? before) with
            {
                Runtime = runtime,
                Pid = started.Process.Pid,
                StartTicks = started.Process.StartTicks,
                StartedAt = now,
                StderrOffset = stderrOffset,
                SpecHash = o.SpecHash,
                ImageDigest = o.Dependencies.Image?.Digest,
                CredentialIdentity = plan.Account?.CredentialIdentity ?? o.Dependencies.Account?.CredentialIdentity,
                InstanceStarted = started.InstanceStarted || before.InstanceStarted,
                LaunchId = launchId,
                Launching = false,
                Node = node.Name,
                StartFailures = 0,
                LastStartError = null,
                LastStartErrorReason = null,
                StartFailedAt = null,
                NextStartAt = null,
                ExitPending = false,
                SessionId = session?.Id,
                SessionStarted = session is not null,
            };
            try
            {
                WriteInstanceFiles(paths, record);
                records.Put(record);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Started but cannot be recorded: stop it rather than leave a process nobody tracks.
                node.Signal(record.Pid!.Value, record.StartTicks!.Value, LibC.SIGKILL);
                throw;
            }

            if (plan.Restart is { } restart)
            {
                state.AddRestart(o.Key, restart);
                metrics.RecordRestart(o.Key);
            }

            // Startup prompts open a new session; a resumed one already has them.
            if (spec.StartupPrompts.Count > 0 && session is not { Resume: true })
            {
                if (node.WriteStdin(paths, AgentCommand.PromptLines(spec.StartupPrompts)))
                {
                    // The run now owes a system/init (health.startTimeout).
                    record = record with { PromptsSentAt = time.GetUtcNow() };
                    records.Put(record);
                }
                else
                {
                    events.Record(o.Key, EventTypes.Warning, "PromptsNotDelivered", "the agent's stdin was not open; startup prompts were not delivered");
                }
            }

            var verb = plan.Restart is null ? "started" : $"restarted ({plan.Restart.Reason}, restart {record.RestartCount})";
            var message = $"{verb} pid {record.Pid} with the {runtime} runtime" + (started.InstanceStarted ? $" in instance {o.InstanceName}" : "");
            events.Record(o.Key, EventTypes.Normal, AgentReasons.Started, message);
            LogNormalEvent(logger, o.Key.ToString(), AgentReasons.Started, message);
            return (record, plan);
        }
        catch (AgentStartException e)
        {
            // Only the facts: when the retry may happen is the planner's decision, on the pass
            // this requeue starts at once (see AgentPlanner.ScheduleAfterStartFailure).
            var message = Redactor.Redact(e.Message, spec);
            // The session id stays: no process ran on it, so the next start creates that same id.
            var record = before with
            {
                SessionId = session?.Id ?? before.SessionId,
                StartFailures = before.StartFailures + 1,
                LastStartErrorReason = e.Reason,
                LastStartError = message,
                StartFailedAt = time.GetUtcNow(),
            };
            records.Put(record);
            events.Record(o.Key, EventTypes.Warning, e.Reason, message);
            LogWarningEvent(logger, o.Key.ToString(), e.Reason, message);
            return (record, plan with
            {
                Action = AgentAction.None,
                Record = record,
                Phase = AgentPhases.Failed,
                Reason = e.Reason,
                Message = message,
                Ready = false,
                RequeueAfter = TimeSpan.Zero,
            });
        }
    }

    private void Signal(INode node, AgentRecord record, int signal)
    {
        if (record.Pid is { } pid && record.StartTicks is { } ticks && !node.Signal(pid, ticks, signal))
        {
            // Already gone: the exit notification (or the next pass) records it.
            agents.Enqueue(record.Key);
        }
    }

    /// <summary>Where relative paths of a spec file resolve; null for resources that come from no file (Kubernetes).</summary>
    private static string? SpecDirectory(StoredResource? desired) =>
        desired?.Source is { } source && (source.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            ? Path.GetDirectoryName(Path.GetFullPath(source))
            : null;
}
