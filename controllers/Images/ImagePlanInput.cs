using SacOperator.Model;

namespace SacOperator.Images;

/// <summary>Everything the Image planner decides on, read from the spec, this host's disk and the operator's memory.</summary>
public sealed record ImagePlanInput
{
    public required ImageSpec Spec { get; init; }

    /// <summary>Built versions on this host, oldest first.</summary>
    public IReadOnlyList<BuiltVersion> Versions { get; init; } = [];

    /// <summary>The version <c>current</c> points at.</summary>
    public string? Current { get; init; }

    public BuildAttempt? LastAttempt { get; init; }

    public RunningBuild? Running { get; init; }

    /// <summary>The label the next build gets.</summary>
    public int NextNumber { get; init; } = 1;

    /// <summary>Digest of the source now; null when it could not be read (<see cref="SourceError"/>).</summary>
    public string? SourceDigest { get; init; }

    public string? SourceError { get; init; }

    /// <summary>A source file changed moments ago (an editor may still be writing it): no build is started on it yet.</summary>
    public bool SourceSettling { get; init; }

    /// <summary>Set when the spec names a base Image.</summary>
    public BaseImageState? Base { get; init; }

    /// <summary>Versions an agent on this host still runs (its recorded image digest or path).</summary>
    public IReadOnlyList<string> InUse { get; init; } = [];

    /// <summary>Versions another kept image was built on.</summary>
    public IReadOnlyList<string> BaseOfOthers { get; init; } = [];

    /// <summary>When <c>sacop image build</c> asked for a build (honoured once: by an attempt that started later).</summary>
    public DateTimeOffset? ForcedAt { get; init; }
}
