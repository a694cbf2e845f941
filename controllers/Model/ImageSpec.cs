namespace SacOperator.Model;

public sealed record ImageSpec
{
    public ImageSource Source { get; init; } = new();

    /// <summary>Build a writable sandbox directory instead of a SIF.</summary>
    public bool Sandbox { get; init; }

    /// <summary>Rebuild when the source changes.</summary>
    public bool Update { get; init; } = true;

    /// <summary>Freeze the sandbox into a SIF after building.</summary>
    public bool Freeze { get; init; }

    /// <summary>Pin the active version; empty means the newest successful build.</summary>
    public string? Version { get; init; }

    /// <summary>Versions kept on a host: the newest ones, besides the active one, any an agent still runs, and bases of kept layered images.</summary>
    public int KeepVersions { get; init; } = 3;

    /// <summary>Build with <c>--fakeroot</c> (for def files whose %post needs root).</summary>
    public bool Fakeroot { get; init; }

    /// <summary>A build still running after this long is killed and fails.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromHours(2);

    /// <summary>How agents move onto a new active version: one batch at a time, each proven healthy first.</summary>
    public ImageRolloutSpec Rollout { get; init; } = new();
}
