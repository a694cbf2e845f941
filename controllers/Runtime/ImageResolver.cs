namespace SacOperator.Runtime;

/// <summary>
/// Turns <c>spec.image</c> into what <c>apptainer instance start</c> accepts: URIs pass through,
/// paths resolve against the spec's directory, and a bare name is looked up as
/// <c>&lt;home&gt;/images/&lt;name&gt;.sif</c> (or a sandbox directory of that name).
/// </summary>
public static class ImageResolver
{
    private static readonly string[] Schemes = ["docker://", "oras://", "library://", "shub://", "docker-archive:", "https://", "http://"];

    public static string Resolve(string image, string? specDirectory, string operatorHome)
    {
        if (Schemes.Any(s => image.StartsWith(s, StringComparison.Ordinal)))
        {
            return image;
        }

        if (image.Contains('/', StringComparison.Ordinal) || image.EndsWith(".sif", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(image) ? image : Path.GetFullPath(Path.Combine(specDirectory ?? Environment.CurrentDirectory, image));
            return File.Exists(path) || Directory.Exists(path)
                ? path
                : throw new AgentStartException(StartFailureReasons.ImageNotFound, $"image {path} does not exist");
        }

        var sif = Path.Combine(operatorHome, "images", image + ".sif");
        if (File.Exists(sif))
        {
            return sif;
        }

        var sandbox = Path.Combine(operatorHome, "images", image);
        if (Directory.Exists(sandbox))
        {
            return sandbox;
        }

        throw new AgentStartException(StartFailureReasons.ImageNotFound,
            $"image '{image}' not found: expected {sif}; build or copy the image there, or set spec.image to a .sif path or docker:// URI");
    }
}
