namespace SacOperator.Processes;

/// <summary>How a process ended. Exit codes are only known for our own children (adopted processes cannot be waited for).</summary>
public sealed record ProcessExit(ProcessHandle Process, DateTimeOffset At, int? ExitCode, int? Signal)
{
    /// <summary>Shell convention: the exit code, or 128 + signal.</summary>
    public int? Code => ExitCode ?? (Signal is { } s ? 128 + s : null);

    public static ProcessExit FromWaitStatus(ProcessHandle process, DateTimeOffset at, int status)
    {
        var signal = status & 0x7f;
        return signal == 0
            ? new ProcessExit(process, at, (status >> 8) & 0xff, null)
            : new ProcessExit(process, at, null, signal);
    }

    public string Describe() => (ExitCode, Signal) switch
    {
        ({ } code, _) => $"exit code {code}",
        (_, { } signal) => $"killed by signal {signal} ({SignalNames.Name(signal)})",
        _ => "exit status unknown (adopted process)",
    };
}
