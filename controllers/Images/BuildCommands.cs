using SacOperator.Model;
using SacOperator.Runtime;

namespace SacOperator.Images;

/// <summary>
/// The <c>apptainer build</c> argv lists for one version, written into its staging directory:
/// a SIF from a def file, URI or base artifact; a sandbox (<c>--sandbox</c>) instead when asked,
/// and with <c>freeze</c> a second build that turns the sandbox into the SIF. A def file on a
/// base Image gets the base's artifact as <c>--build-arg BASE=…</c> (<c>From: {{ BASE }}</c>).
/// </summary>
public static class BuildCommands
{
    public static IReadOnlyList<IReadOnlyList<string>> For(string apptainer, ImageSpec spec, ImageLayout layout, string staging, string? defFile, string? baseArtifact)
    {
        var source = defFile ?? spec.Source.Uri ?? baseArtifact
            ?? throw new ImageSourceException("the image has no source (defFile, uri or baseImage)");
        var sif = layout.SifIn(staging);
        var sandbox = Path.Combine(staging, ImageLayout.SandboxDirectory);
        var first = new List<string> { apptainer, "build" };
        if (spec.Sandbox)
        {
            first.Add("--sandbox");
        }

        if (spec.Fakeroot)
        {
            first.Add("--fakeroot");
        }

        if (defFile is not null && baseArtifact is not null)
        {
            first.AddRange(["--build-arg", "BASE=" + baseArtifact]);
        }

        first.AddRange([spec.Sandbox ? sandbox : sif, source]);
        if (!(spec.Sandbox && spec.Freeze))
        {
            return [first];
        }

        List<string> freeze = spec.Fakeroot ? [apptainer, "build", "--fakeroot", sif, sandbox] : [apptainer, "build", sif, sandbox];
        return [first, freeze];
    }
}
