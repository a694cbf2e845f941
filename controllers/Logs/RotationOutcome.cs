namespace SacOperator.Logs;

public enum RotationOutcome
{
    /// <summary>Under the limit, or nothing to do.</summary>
    None,

    /// <summary>The start moved to <c>.1</c> and was collapsed out of the live file: nothing lost.</summary>
    Collapsed,

    /// <summary>
    /// The file system cannot collapse (tmpfs, NFS, btrfs: EOPNOTSUPP) or refused the alignment
    /// (EINVAL): copied to <c>.1</c>, then truncated. Bytes the agent wrote between the last read
    /// and the truncation (microseconds; a scheduling delay on a busy host) are lost.
    /// </summary>
    CopiedAndTruncated,

    /// <summary>Not rotated: no cut point whose content is distinguishable (the output repeats itself exactly).</summary>
    Skipped,
}
