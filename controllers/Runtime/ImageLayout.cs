namespace SacOperator.Runtime;

/// <summary>
/// Where an Image's artifacts live on a host: <c>&lt;home&gt;/images/&lt;name&gt;/</c> holds one
/// directory per built version (<c>v1</c>, <c>v2</c>, …, each with its artifact and
/// <c>version.json</c>), the <c>current</c> symlink to the active one, build logs per version
/// under <c>logs/</c>, and <c>.staging-&lt;version&gt;</c> directories while a build runs. A version
/// directory appears only by renaming a verified staging directory, so its presence means a
/// complete build.
/// </summary>
public sealed record ImageLayout(string Root, string Name)
{
    public const string MetadataFile = "version.json";
    public const string SandboxDirectory = "sandbox";
    private const string StagingPrefix = ".staging-";

    public static ImageLayout For(string operatorHome, string name) => new(Path.Combine(operatorHome, "images", name), name);

    public string Current => Path.Combine(Root, "current");

    public string Logs => Path.Combine(Root, "logs");

    public string LockPath => Path.Combine(Root, ".build.lock");

    public string VersionDirectory(string version) => Path.Combine(Root, version);

    public string StagingDirectory(string version) => Path.Combine(Root, StagingPrefix + version);

    public string LogOf(string version) => Path.Combine(Logs, version + ".log");

    public string ResultOf(string version) => Path.Combine(Logs, version + ".result.json");

    /// <summary>The SIF inside a version (or staging) directory.</summary>
    public string SifIn(string directory) => Path.Combine(directory, Name + ".sif");

    /// <summary>
    /// The Image controller has worked here (a lock, logs, versions or a build in progress), so
    /// the directory is no sandbox of that name, even before its first version exists.
    /// </summary>
    public bool IsManaged =>
        File.Exists(LockPath) || Directory.Exists(Logs) || new FileInfo(Current).LinkTarget is not null
        || (Directory.Exists(Root) && Directory.EnumerateDirectories(Root).Any(d => NumberOf(Path.GetFileName(d)) > 0 || IsStaging(Path.GetFileName(d))));

    public static bool IsStaging(string directoryName) => directoryName.StartsWith(StagingPrefix, StringComparison.Ordinal);

    /// <summary>Version labels are <c>v&lt;n&gt;</c>; 0 for anything else.</summary>
    public static int NumberOf(string version) =>
        version.Length > 1 && version[0] == 'v' && int.TryParse(version.AsSpan(1), out var n) && n > 0 ? n : 0;

    /// <summary>
    /// The artifact agents start from: the active version's SIF, else its sandbox; null when the
    /// image has no active version here. Resolved through <c>current</c> to the version's own path,
    /// so a running agent keeps naming the version it started from after a switch.
    /// </summary>
    public string? ActiveArtifact()
    {
        if (!Directory.Exists(Current))
        {
            return null;
        }

        var target = Directory.ResolveLinkTarget(Current, returnFinalTarget: true)?.FullName ?? Current;
        var sif = SifIn(target);
        if (File.Exists(sif))
        {
            return sif;
        }

        var sandbox = Path.Combine(target, SandboxDirectory);
        return Directory.Exists(sandbox) ? sandbox : null;
    }
}
