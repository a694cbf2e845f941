namespace SacOperator.Runtime;

/// <summary>
/// <c>raw_args</c> are Apptainer flags written by hand. Under SacOperator the container is an
/// instance and the agent is exec'd into it, so each flag goes where it takes effect: flags
/// about the agent process (<c>--env</c>, <c>--env-file</c>, <c>--pwd</c>, <c>--cleanenv</c>)
/// to <c>apptainer exec</c>, the rest (mounts, namespaces, overlays…) to <c>instance start</c>.
/// A curated flag that <c>raw_args</c> already states is not added a second time.
/// </summary>
public static class ApptainerRawArgs
{
    private static readonly string[] ProcessFlagsWithValue = ["--env", "--env-file", "--pwd"];

    private static readonly string[] ProcessFlags = ["--cleanenv", "-e"];

    public static (IReadOnlyList<string> Instance, IReadOnlyList<string> Exec) Split(IReadOnlyList<string> raw)
    {
        var instance = new List<string>();
        var exec = new List<string>();
        for (var i = 0; i < raw.Count; i++)
        {
            var arg = raw[i];
            if (ProcessFlagsWithValue.Contains(arg, StringComparer.Ordinal) && i + 1 < raw.Count)
            {
                exec.AddRange([arg, raw[++i]]);
            }
            else if (ProcessFlags.Contains(arg, StringComparer.Ordinal) || ProcessFlagsWithValue.Any(f => arg.StartsWith(f + "=", StringComparison.Ordinal)))
            {
                exec.Add(arg);
            }
            else
            {
                instance.Add(arg);
            }
        }

        return (instance, exec);
    }

    /// <summary>True when <paramref name="raw"/> holds one of the spellings (also as <c>--flag=value</c>).</summary>
    public static bool States(IReadOnlyList<string> raw, params string[] spellings) =>
        raw.Any(a => spellings.Any(s => a == s || (s.StartsWith("--", StringComparison.Ordinal) && a.StartsWith(s + "=", StringComparison.Ordinal))));
}
