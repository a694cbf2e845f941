namespace SacOperator.Processes;

/// <summary>A process identified by pid and kernel start time; it leads its own session and process group.</summary>
public readonly record struct ProcessHandle(int Pid, long StartTicks)
{
    /// <summary>True when a live (non-zombie) process with this exact identity exists.</summary>
    public bool IsAlive => ProcStat.Read(Pid) is { } stat && stat.StartTicks == StartTicks && !stat.IsZombie;

    public ProcStat? Stat => ProcStat.Read(Pid) is { } stat && stat.StartTicks == StartTicks ? stat : null;

    public override string ToString() => $"{Pid}@{StartTicks}";
}
