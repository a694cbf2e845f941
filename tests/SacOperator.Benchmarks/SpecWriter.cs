using System.Text;

namespace SacOperator.Benchmarks;

/// <summary>Writes the benchmark's agent specs (local runtime, trivial command).</summary>
public sealed class SpecWriter(string directory, StartMarkers markers)
{
    public string Directory { get; } = directory;

    public static string Name(int i) => $"agent-{i:D5}";

    public string PathOf(int i) => System.IO.Path.Combine(Directory, Name(i) + ".yaml");

    public void WriteAll(int count)
    {
        System.IO.Directory.CreateDirectory(Directory);
        for (var i = 0; i < count; i++)
        {
            Write(i);
        }
    }

    /// <summary>Writes (atomically, as editors and git do: temp file then rename) one agent's spec.</summary>
    public void Write(int i, bool suspend = false, int revision = 0)
    {
        var command = string.Join(", ", markers.Command("SAC_AGENT_NAME").Select(a => "\"" + a.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""));
        var spec = new StringBuilder()
            .Append("apiVersion: sacoperator.dev/v1alpha1\nkind: Agent\nmetadata:\n  name: ").Append(Name(i)).Append('\n')
            .Append("spec:\n  runtime: local\n  command: [").Append(command).Append("]\n")
            .Append("  env:\n    REVISION: \"").Append(revision).Append("\"\n")
            .Append("  restart:\n    policy: always\n    maxRetries: -1\n    backoff:\n      initial: 1s\n      max: 10s\n")
            .Append(suspend ? "  suspend: true\n" : "")
            .ToString();
        var path = PathOf(i);
        var temp = System.IO.Path.Combine(Directory, $".{Name(i)}.tmp");
        File.WriteAllText(temp, spec);
        File.Move(temp, path, overwrite: true);
    }
}
