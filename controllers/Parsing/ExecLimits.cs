using System.Globalization;
using System.Text;
using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// What <c>execve</c> accepts (Linux fs/exec.c), checked when a spec is read so that a spec the
/// kernel would refuse at every start (E2BIG) is reported as invalid, with its field, instead.
/// One argv or environment string may hold at most <see cref="MaxStringBytes"/> bytes with its
/// NUL (MAX_ARG_STRLEN); all of a process's strings, each counted as its bytes + 1 plus one
/// 8-byte pointer, must fit in <see cref="MaxTotalBytes"/> (ARG_MAX under the default 8 MiB stack).
/// The total is a fixed number, not this host's <c>sysconf(_SC_ARG_MAX)</c>, so a spec validates
/// the same everywhere; it covers the spec's own strings, and the operator adds a few of its own
/// (the SAC_* variables, PATH…) at start.
/// </summary>
/// <remarks>
/// <c>startupPrompts</c> are written to the agent's stdin, not its argv, and are not limited here.
/// </remarks>
public static class ExecLimits
{
    /// <summary>MAX_ARG_STRLEN: 32 pages of 4 KiB, including the terminating NUL.</summary>
    public const int MaxStringBytes = 131072;

    public const long MaxTotalBytes = 2 * 1024 * 1024;

    private const int PointerBytes = 8;

    /// <summary>How the spec's environment reaches an Apptainer process: <c>APPTAINERENV_NAME=value</c>.</summary>
    public const string ApptainerEnvPrefix = "APPTAINERENV_";

    /// <summary>Checks each process the agent needs: its own, and under Apptainer the instance and the exec probe.</summary>
    public static void Check(YamlMap spec, AgentSpec agent, ExecFields fields)
    {
        var apptainer = agent.Runtime == AgentRuntimes.Apptainer;
        List<string> command = agent.Command is null ? [.. fields.Claude] : [fields.Command];
        var processes = new List<IReadOnlyList<string>> { apptainer ? [.. command, fields.Workdir] : command };
        if (apptainer)
        {
            processes.Add(fields.Instance);
        }

        if (fields.ProbeCommand is { } probe && agent.Health is { Enabled: true, Method: HealthMethods.Exec })
        {
            processes.Add([probe]);
        }

        Check(spec, processes, fields.Env, apptainer ? ApptainerEnvPrefix : "");
    }

    /// <summary>
    /// Each list of <paramref name="processes"/> names the fields (dotted paths under
    /// <paramref name="spec"/>) that end up in one process's argv; the variables under
    /// <paramref name="envField"/> go to every one of them.
    /// </summary>
    /// <param name="envPrefix">Prepended to each variable as the process sees it (<see cref="ApptainerEnvPrefix"/> or empty).</param>
    private static void Check(YamlMap spec, IReadOnlyList<IReadOnlyList<string>> processes, string envField, string envPrefix)
    {
        var env = Environment(spec, envField, envPrefix);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fields in processes)
        {
            var strings = fields.SelectMany(field => Strings(spec, field)).Concat(env).ToList();
            var tooLong = false;
            foreach (var s in strings.Where(s => s.Bytes + 1 > MaxStringBytes))
            {
                tooLong = true;
                if (reported.Add(s.Path))
                {
                    spec.Context.Error(s.Node, s.Path, string.Create(CultureInfo.InvariantCulture,
                        $"{s.What} is {s.Bytes} bytes; the kernel refuses a single argument or environment string over {MaxStringBytes - 1} bytes (MAX_ARG_STRLEN, 128 KiB with its NUL)"));
                }
            }

            var total = strings.Sum(s => s.Bytes + 1 + PointerBytes);
            if (tooLong || total <= MaxTotalBytes)
            {
                // Over-long strings are fixed first; the total may then fit.
                continue;
            }

            var largest = strings.MaxBy(s => s.Bytes)!;
            if (reported.Add(largest.Path))
            {
                spec.Context.Error(largest.Node, largest.Path, string.Create(CultureInfo.InvariantCulture,
                    $"the arguments and environment this spec gives one process take {total} bytes (each string's bytes + 1, plus 8 per pointer); the kernel allows {MaxTotalBytes} in all (ARG_MAX, 2 MiB); this is the largest ({largest.Bytes} bytes)"));
            }
        }
    }

    private static IEnumerable<ExecString> Strings(YamlMap spec, string field)
    {
        var path = spec.Child(field);
        switch (Find(spec.Node, field))
        {
            case YamlScalarNode { Value: { } value } scalar when !YamlScalars.IsNull(scalar):
                yield return new ExecString(path, scalar, "the value", Encoding.UTF8.GetByteCount(value));
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (sequence.Children[i] is YamlScalarNode { Value: { } item } node && !YamlScalars.IsNull(node))
                    {
                        yield return new ExecString($"{path}[{i}]", node, "this argument", Encoding.UTF8.GetByteCount(item));
                    }
                }

                break;
        }
    }

    private static List<ExecString> Environment(YamlMap spec, string field, string prefix)
    {
        var result = new List<ExecString>();
        if (Find(spec.Node, field) is not YamlMappingNode map)
        {
            return result;
        }

        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { } name } && value is YamlScalarNode scalar)
            {
                var text = YamlScalars.IsNull(scalar) ? "" : scalar.Value ?? "";
                var bytes = Encoding.UTF8.GetByteCount(prefix) + Encoding.UTF8.GetByteCount(name) + 1 + Encoding.UTF8.GetByteCount(text);
                result.Add(new ExecString($"{spec.Child(field)}.{name}", scalar, $"{prefix}{name}=value", bytes));
            }
        }

        return result;
    }

    /// <summary>The node at a dotted path of mapping keys; null when any step is missing.</summary>
    private static YamlNode? Find(YamlMappingNode root, string dotted)
    {
        YamlNode? node = root;
        foreach (var step in dotted.Split('.'))
        {
            node = node is YamlMappingNode mapping
                ? mapping.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var k } && k == step).Value
                : null;
        }

        return node;
    }

    /// <param name="What">How the message names the string ("this argument", "NAME=value").</param>
    /// <param name="Bytes">UTF-8 bytes without the NUL.</param>
    private sealed record ExecString(string Path, YamlNode Node, string What, long Bytes);
}
