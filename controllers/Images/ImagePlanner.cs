namespace SacOperator.Images;

/// <summary>
/// Decides, as a pure function, what an Image needs on this host: which version is active
/// (<c>spec.version</c> when pinned, else the newest built), whether to build (no version yet,
/// <c>update: true</c> and a changed source digest, or a requested build), which old versions to
/// prune, and the status. A build that failed for the current source is not retried until the
/// source changes or a build is requested; the previous version stays active meanwhile.
/// </summary>
public static class ImagePlanner
{
    public static ImagePlan Plan(ImagePlanInput i)
    {
        var labels = i.Versions.Select(v => v.Version).ToHashSet(StringComparer.Ordinal);
        var newest = i.Versions.Count > 0 ? i.Versions[^1] : null;
        var pinned = i.Spec.Version is { Length: > 0 } v ? v : null;
        var desired = pinned is not null ? (labels.Contains(pinned) ? pinned : null) : newest?.Version;
        var active = desired ?? (i.Current is { } c && labels.Contains(c) ? c : null);
        var switchTo = active is not null && active != i.Current ? active : null;

        var failed = i.LastAttempt is { Succeeded: false } attempt && attempt.SourceDigest == i.SourceDigest
            && (newest is null || ImageLayoutNumber(attempt.Version) > newest.Number)
            ? attempt
            : null;
        var cause = i.Running is null && i.SourceDigest is not null && !i.SourceSettling && i.Base is not { Artifact: null } ? BuildCause(i, newest, failed) : null;
        var build = cause is null ? null : $"v{i.NextNumber}";

        var plan = new ImagePlan
        {
            Build = build,
            BuildCause = cause,
            SwitchTo = switchTo,
            Prune = Prunable(i, active, pinned),
            ActiveVersion = active,
            Phase = ImagePhases.Ready,
            Reason = ImageReasons.Active,
        };
        var keeps = active is null ? "" : $"; {active} stays active";
        return (i.Running, build) switch
        {
            ({ } running, _) => plan with
            {
                Phase = ImagePhases.Building, Reason = ImageReasons.Building,
                Message = $"building {running.Version}: {running.Stage}", Stage = $"{running.Version}: {running.Stage}",
            },
            (_, { } label) => plan with
            {
                Phase = ImagePhases.Building, Reason = ImageReasons.BuildStarted,
                Message = $"building {label}: {cause}", Stage = $"{label}: starting",
            },
            _ when i.Base is { Artifact: null } b && active is null => plan with
            {
                Phase = ImagePhases.Pending, Reason = ImageReasons.BaseNotReady,
                Message = $"base image {b.Name} has no active version on this host yet",
            },
            _ when i.SourceError is { } error => plan with
            {
                Phase = ImagePhases.Failed, Reason = ImageReasons.SourceUnreadable, Message = error + keeps,
            },
            _ when failed is not null => plan with
            {
                Phase = ImagePhases.Failed, Reason = ImageReasons.BuildFailed,
                Message = $"build {failed.Version} failed: {failed.Message}{keeps}",
            },
            _ when pinned is not null && desired is null => plan with
            {
                Phase = ImagePhases.Failed, Reason = ImageReasons.VersionNotFound,
                Message = $"version {pinned} is not built on this host (built: {(labels.Count == 0 ? "none" : string.Join(", ", i.Versions.Select(x => x.Version)))}){keeps}",
            },
            _ when active is not null => plan with { Message = $"{active} is active" },
            _ => plan with { Phase = ImagePhases.Pending, Reason = ImageReasons.NoVersion, Message = "no version is built on this host yet" },
        };
    }

    private static string? BuildCause(ImagePlanInput i, BuiltVersion? newest, BuildAttempt? failed)
    {
        if (i.ForcedAt is { } forced && (i.LastAttempt is null || i.LastAttempt.StartedAt < forced))
        {
            return "requested with sacop image build";
        }

        if (failed is not null)
        {
            return null;
        }

        if (newest is null)
        {
            return "no version is built on this host";
        }

        return i.Spec.Update && newest.Artifact.SourceDigest != i.SourceDigest
            ? $"the source changed since {newest.Version} (def file, files it copies, base image or URI)"
            : null;
    }

    /// <summary>The oldest versions beyond <c>keepVersions</c>, except the active, the pinned, those in use and bases of other images.</summary>
    private static IReadOnlyList<string> Prunable(ImagePlanInput i, string? active, string? pinned)
    {
        var excess = i.Versions.Count - Math.Max(1, i.Spec.KeepVersions);
        return excess <= 0
            ? []
            : i.Versions.Take(excess)
                .Select(v => v.Version)
                .Where(v => v != active && v != pinned && !i.InUse.Contains(v) && !i.BaseOfOthers.Contains(v))
                .ToList();
    }

    private static int ImageLayoutNumber(string version) => Runtime.ImageLayout.NumberOf(version);
}
