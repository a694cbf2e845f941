using System.Globalization;
using System.Text;

namespace SacOperator.Processes;

/// <summary>
/// The fields of <c>/proc/PID/stat</c> that identify a process and its state. A pid alone is not
/// an identity (pids are reused within seconds under churn); pid plus start time is.
/// </summary>
/// <param name="State">R, S, D, T (stopped), t, Z (zombie), X…</param>
/// <param name="StartTicks">Field 22: start time in clock ticks since boot.</param>
public readonly record struct ProcStat(int Pid, char State, int ProcessGroup, int Session, long StartTicks)
{
    public bool IsZombie => State is 'Z' or 'X';

    public bool IsStopped => State is 'T';

    public static ProcStat? Read(int pid)
    {
        Span<byte> buffer = stackalloc byte[1024];
        int length;
        try
        {
            using var handle = File.OpenHandle($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            length = RandomAccess.Read(handle, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return Parse(pid, Encoding.ASCII.GetString(buffer[..length]));
    }

    /// <summary>Parses a stat line; the command name may contain spaces and parentheses, so fields are counted after the last ')'.</summary>
    public static ProcStat? Parse(int pid, string line)
    {
        var close = line.LastIndexOf(')');
        if (close < 0 || close + 2 >= line.Length)
        {
            return null;
        }

        var fields = line[(close + 2)..].Split(' ');
        // fields[0] is field 3 (state); field N is fields[N - 3].
        if (fields.Length < 20
            || !int.TryParse(fields[2], CultureInfo.InvariantCulture, out var pgrp)
            || !int.TryParse(fields[3], CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(fields[19], CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcStat(pid, fields[0][0], pgrp, session, start);
    }
}
