using Microsoft.Extensions.Logging;
using SacOperator.Engine;
using SacOperator.Model;
using SacOperator.Runtime;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Images;

/// <summary>
/// The Image controller's reconcile on this host: reads the spec, the image's directory and the
/// running build, plans with <see cref="ImagePlanner"/>, then switches <c>current</c>, prunes,
/// starts a build, and writes this host's status. A removed Image keeps its artifacts (agents may
/// still run them; a rebuild can take half an hour); only its status goes.
/// </summary>
public sealed partial class ImageReconciler(
    IResourceStore store,
    IStatusWriter status,
    IEventRecorder events,
    ImageBuilds builds,
    ImageBuildRequests requests,
    ImageMetrics metrics,
    StateStore state,
    ImageControllerOptions options,
    KeyChannel channel,
    TimeProvider time,
    ILogger<ImageReconciler> logger,
    ImageRolloutRequests? rollouts = null) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ResourceKey key, CancellationToken cancellationToken)
    {
        var desired = store.Cache.Snapshot.Get(key);
        if (desired is null)
        {
            metrics.Forget(key.Name);
            await status.DeleteAsync(key, null, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var generation = status.GenerationOf(key, desired);
        if (!desired.IsValid || desired.Resource is not Image image)
        {
            await WriteInvalidAsync(key, desired, generation, cancellationToken).ConfigureAwait(false);
            return ReconcileResult.Done;
        }

        var layout = ImageLayout.For(options.OperatorHome, key.Name);
        foreach (var leftover in builds.CleanLeftovers(key, layout))
        {
            events.Record(key, EventTypes.Normal, "LeftoverRemoved", $"removed {leftover}, left by a build that was cut short");
        }

        var input = Observe(key, image.Spec, layout, SpecDirectory(desired));
        var plan = ImagePlanner.Plan(input);
        // Planned, and its pins reported, before the switch: an agent follows current only while no rollout is reported.
        var rollout = PlanRollout(key, image.Spec, plan, input.Versions);
        plan = plan with { Prune = [.. plan.Prune.Except(PinnedVersions(rollout.Status))] };
        if (!await PinBeforeSwitchAsync(key, desired, plan, rollout.Status, input.Versions, cancellationToken).ConfigureAwait(false))
        {
            return ReconcileResult.After(options.RecheckPeriod);
        }

        var versions = Execute(key, image.Spec, layout, input, plan);
        metrics.SetVersions(key.Name, versions.Count);
        await WriteAsync(key, desired, generation, plan, rollout.Status, versions, cancellationToken).ConfigureAwait(false);
        TimeSpan? after = input.SourceSettling ? options.SourceSettle
            : plan.Phase == ImagePhases.Building || !image.Spec.Update ? null
            : options.RecheckPeriod;
        after = rollout.RequeueAfter is { } r && (after is null || r < after) ? r : after;
        return after is { } due ? ReconcileResult.After(due) : ReconcileResult.Done;
    }

    private ImagePlanInput Observe(ResourceKey key, ImageSpec spec, ImageLayout layout, string? specDirectory)
    {
        // The running build is read before the disk: a build publishes its version and result
        // before it leaves the running set, so "none running" read first means the disk read next
        // already shows its outcome. Read the other way round, a build ending in between looked
        // like no build and no new version, and a second build of the same source started.
        // The running build's own version, published just before it ends, is taken only once the
        // build has ended and recorded it, so "built" always precedes "switched".
        var running = builds.Running(key);
        var versions = ImageDisk.Versions(layout).Where(v => v.Version != running?.Version).ToList();
        var baseImage = spec.Source.BaseImage is { Length: > 0 } name ? BaseOf(name) : null;
        string? digest = null, error = null;
        var settling = false;
        try
        {
            digest = SourceDigest.Compute(spec, specDirectory, baseImage, out var newestWrite);
            settling = time.GetUtcNow() - newestWrite < options.SourceSettle;
        }
        catch (ImageSourceException e)
        {
            error = e.Message;
        }

        return new ImagePlanInput
        {
            Spec = spec,
            Versions = versions,
            Current = ImageDisk.Current(layout),
            LastAttempt = ImageDisk.LastAttempt(layout),
            Running = running,
            NextNumber = ImageDisk.NextNumber(layout),
            SourceDigest = digest,
            SourceError = error,
            SourceSettling = settling,
            Base = baseImage,
            InUse = [.. InUse(versions)],
            BaseOfOthers = [.. BaseOfOthers(key, layout).Order(StringComparer.Ordinal)],
            ForcedAt = requests.ForcedAt(key),
        };
    }

    private IReadOnlyList<BuiltVersion> Execute(ResourceKey key, ImageSpec spec, ImageLayout layout, ImagePlanInput input, ImagePlan plan)
    {
        if (plan.SwitchTo is { } target)
        {
            ImageDisk.Switch(layout, target);
            events.Record(key, EventTypes.Normal, ImageReasons.Switched, $"current is now {target}" + (input.Current is { } was ? $" (was {was})" : ""));
            Switched(logger, key.Name, target);
        }

        foreach (var version in plan.Prune)
        {
            ImageDisk.Remove(layout, version);
            events.Record(key, EventTypes.Normal, ImageReasons.Pruned, $"removed {version} (keepVersions {spec.KeepVersions})");
        }

        if (plan.Build is { } build)
        {
            var defFile = Images.SourceDigest.DefFilePath(spec, SpecDirectoryOf(key));
            var request = new BuildRequest
            {
                Layout = layout,
                Version = build,
                Cause = plan.BuildCause ?? "",
                SourceDigest = input.SourceDigest!,
                Commands = BuildCommands.For(options.Apptainer, spec, layout, layout.StagingDirectory(build), defFile, input.Base?.Artifact),
                WorkingDirectory = defFile is null ? layout.Root : Path.GetDirectoryName(defFile)!,
                Environment = options.Environment,
                Timeout = spec.BuildTimeout,
                Base = input.Base?.Artifact,
            };
            builds.TryStart(key, request, channel.Enqueue);
        }

        return input.Versions.Where(v => !plan.Prune.Contains(v.Version)).ToList();
    }

    private async Task WriteAsync(ResourceKey key, StoredResource desired, long generation, ImagePlan plan, ImageRolloutStatus? rollout,
        IReadOnlyList<BuiltVersion> versions, CancellationToken cancellationToken)
    {
        var previous = status.Current(key)?.Conditions;
        var now = time.GetUtcNow();
        var rolledOut = RolledOut(rollout);
        var failed = rollout?.Phase == RolloutPhases.Failed && plan.Phase == ImagePhases.Ready;
        var reported = new ImageStatus
        {
            ObservedGeneration = generation,
            Phase = plan.Phase,
            Reason = failed ? ImageReasons.RolloutFailed : plan.Reason,
            Message = failed ? rollout!.Message : plan.Message,
            ActiveVersion = plan.ActiveVersion,
            Versions = versions.Select(v => v.Artifact).ToList(),
            Stage = plan.Stage,
            Host = options.HostName,
            Rollout = rollout,
            Conditions =
            [
                Conditions.Next(previous, AgentConditions.Ready, ConditionStatus.Of(plan.ActiveVersion is not null), plan.Reason, plan.Message, generation, now),
                Conditions.Next(previous, AgentConditions.SpecValid, ConditionStatus.True, "Valid", "", generation, now),
                Conditions.Next(previous, ImageConditions.RolledOut, rolledOut.Status, rolledOut.Reason, rolledOut.Message, generation, now),
            ],
        };
        await status.WriteAsync(key, desired, reported, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteInvalidAsync(ResourceKey key, StoredResource desired, long generation, CancellationToken cancellationToken)
    {
        // The versions and the rollout stay: agents keep running what its pins say while the spec is being fixed.
        var reported = status.Current(key) as ImageStatus;
        var kept = new ImageStatus { Host = options.HostName, Versions = reported?.Versions ?? [], Rollout = reported?.Rollout };
        await status.WriteAsync(key, desired, SpecValidity.Invalid(kept, reported?.Conditions,
            desired.ErrorSummary, generation, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The base Image's active artifact on this host, and a digest that changes with every new version of it.</summary>
    private BaseImageState BaseOf(string name)
    {
        var layout = ImageLayout.For(options.OperatorHome, name);
        var current = ImageDisk.Current(layout);
        var version = ImageDisk.Versions(layout).FirstOrDefault(v => v.Version == current);
        // From the version record, not from current again: a switch in between would pair one version's digest with another's artifact.
        var artifact = version?.Artifact.Path;
        return new BaseImageState(name, artifact, version is null ? null : version.Artifact.Sha256 ?? $"{version.Version}:{version.Artifact.SourceDigest}");
    }

    /// <summary>Versions a running agent on this host was started from (by sha256, or a sandbox's path); all of them while the state DB cannot be read.</summary>
    private HashSet<string> InUse(IReadOnlyList<BuiltVersion> versions)
    {
        try
        {
            var digests = state.ListAgents().Where(r => r.Pid is not null && r.ImageDigest is not null).Select(r => r.ImageDigest!).ToHashSet(StringComparer.Ordinal);
            return versions.Where(v => digests.Contains(ArtifactIdentity.Of(v.Artifact))).Select(v => v.Version).ToHashSet(StringComparer.Ordinal);
        }
        catch (StateUnavailableException)
        {
            return versions.Select(v => v.Version).ToHashSet(StringComparer.Ordinal);
        }
    }

    /// <summary>Versions of this image that kept versions of the images built on it were built from.</summary>
    private HashSet<string> BaseOfOthers(ResourceKey key, ImageLayout layout)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dependent in store.Cache.Snapshot.OfKind(ResourceKinds.Image))
        {
            if (dependent.Key.Namespace != key.Namespace || dependent.Resource is not Image { Spec.Source.BaseImage: { } name } || name != key.Name)
            {
                continue;
            }

            foreach (var built in ImageDisk.Versions(ImageLayout.For(options.OperatorHome, dependent.Key.Name)))
            {
                if (built.Base is { } path && Path.GetRelativePath(layout.Root, path) is var relative && !relative.StartsWith("..", StringComparison.Ordinal))
                {
                    result.Add(relative.Split('/')[0]);
                }
            }
        }

        return result;
    }

    private string? SpecDirectoryOf(ResourceKey key) => SpecDirectory(store.Cache.Snapshot.Get(key));

    private static string? SpecDirectory(StoredResource? desired) =>
        desired?.Source is { } source && (source.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || source.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            ? Path.GetDirectoryName(Path.GetFullPath(source))
            : null;

    [LoggerMessage(LogLevel.Information, "Image {Image}: current is now {Version}")]
    private static partial void Switched(ILogger logger, string image, string version);
}
