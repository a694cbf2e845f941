namespace SacOperator.Tests.TestSupport;

/// <summary>The sac-native fleet under <c>testdata/sac-fleet</c> (read from the source tree, where file modes and dot-files are as committed).</summary>
public static class SacFleetCorpus
{
    /// <summary>What <c>${HOSTNAME}</c> means to the corpus tests.</summary>
    public const string HostName = "golden-host";

    public static string Root => GoldenFile.SourcePath("sac-fleet");

    public static string Agents => Path.Combine(Root, "agents");

    /// <summary>The fake <c>$HOME</c> holding sac's user-wide layer.</summary>
    public static string Home => Path.Combine(Root, "home");

    public static IEnumerable<string> AgentNames() =>
        Directory.EnumerateDirectories(Agents).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('_')).Order(StringComparer.Ordinal);

    public static string SpecPath(string agent) => Path.Combine(Agents, agent, "spec.yaml");

    /// <summary>Copies the corpus tree (modes kept) under <paramref name="destination"/>.</summary>
    public static void CopyTo(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            File.Copy(file, target, overwrite: true);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }
    }
}
