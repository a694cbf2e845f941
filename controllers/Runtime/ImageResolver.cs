using SacOperator.Homes;

namespace SacOperator.Runtime;

/// <summary>
/// Turns <c>spec.image</c> into what <c>apptainer instance start</c> accepts: URIs pass through;
/// <c>~</c> and <c>$VAR</c> are expanded and paths resolve against the spec's directory; sac's
/// logical images (<c>sac-base</c>, <c>sac-scitex</c>, <c>sac-proxy</c>) are looked up where sac
/// keeps them, <c>~/.scitex/agent-container/containers/&lt;name&gt;.sif</c>, then as any other
/// bare name: <c>&lt;home&gt;/images/&lt;name&gt;.sif</c>, the active version of the Image of that
/// name built here (<see cref="ImageLayout"/>), or a sandbox directory of that name.
/// </summary>
public static class ImageResolver
{
    /// <summary>sac's containers directory, relative to the operator's home.</summary>
    public const string SacContainers = "~/.scitex/agent-container/containers";

    private static readonly string[] Schemes = ["docker://", "oras://", "library://", "shub://", "docker-archive:", "https://", "http://"];

    private static readonly string[] SacImages = ["sac-base", "sac-scitex", "sac-proxy"];

    public static string Resolve(string image, string? specDirectory, string operatorHome) =>
        Resolve(image, specDirectory, operatorHome, AgentEnvironment.Current());

    /// <param name="environment">The operator's environment: <c>~</c> is its <c>HOME</c>.</param>
    public static string Resolve(string image, string? specDirectory, string operatorHome, IReadOnlyDictionary<string, string> environment)
    {
        if (Schemes.Any(s => image.StartsWith(s, StringComparison.Ordinal)))
        {
            return image;
        }

        var expanded = HomeLayerPaths.ExpandPath(image, environment);
        if (expanded.Contains('/', StringComparison.Ordinal) || expanded.EndsWith(".sif", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(expanded) ? expanded : Path.GetFullPath(Path.Combine(specDirectory ?? Environment.CurrentDirectory, expanded));
            return File.Exists(path) || Directory.Exists(path)
                ? path
                : throw new AgentStartException(StartFailureReasons.ImageNotFound, $"image {path} does not exist");
        }

        var candidates = new List<string>();
        if (SacImages.Contains(image, StringComparer.Ordinal))
        {
            var sac = Path.Combine(HomeLayerPaths.ExpandPath(SacContainers, environment), image + ".sif");
            if (File.Exists(sac))
            {
                return sac;
            }

            candidates.Add(sac);
        }

        var managed = ImageLayout.For(operatorHome, image);
        if (managed.ActiveArtifact() is { } active)
        {
            return active;
        }

        if (managed.IsManaged)
        {
            throw new AgentStartException(StartFailureReasons.ImageNotFound,
                $"image '{image}' has no active version on this host yet (see sacop get images {image})");
        }

        var file = Path.Combine(operatorHome, "images", image + ".sif");
        if (File.Exists(file))
        {
            return file;
        }

        candidates.Add(file);
        var sandbox = Path.Combine(operatorHome, "images", image);
        if (Directory.Exists(sandbox))
        {
            return sandbox;
        }

        throw new AgentStartException(StartFailureReasons.ImageNotFound,
            $"image '{image}' not found: expected {string.Join(" or ", candidates)}; build or copy the image there, or set the image to a .sif path or docker:// URI");
    }
}
