using SacOperator.Homes;
using SacOperator.Model;

namespace SacOperator.Parsing;

/// <summary>
/// sac's <c>spec.to_home</c> and <c>spec.to_home_layers</c>: which directories are copied into the
/// agent's <c>$HOME</c> at every start, and a digest of their content so that a change under
/// <c>to_home/</c> is a change of the spec.
/// </summary>
internal static class SacHomeReader
{
    public static (IReadOnlyList<HomeLayer> Layers, string? Digest) Read(YamlMap spec, string specDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var context = spec.Context;
        if (Directory.Exists(Path.Combine(specDirectory, "dot_claude")))
        {
            context.Error(spec.KeyNode("to_home") ?? (YamlDotNet.RepresentationModel.YamlNode)spec.Node, "spec.to_home",
                "a dot_claude/ directory beside spec.yaml is no longer read (sac removed it); move its content to to_home/.claude/");
        }

        var layers = HomeLayerPaths.Declare(specDirectory, spec.String("to_home"), environment);
        if (spec.Get("to_home_layers") is not null && spec.Strings("to_home_layers") is { } wanted)
        {
            foreach (var unknown in wanted.Where(w => !HomeLayerNames.All.Contains(w, StringComparer.Ordinal)))
            {
                context.Error(spec.Get("to_home_layers"), "spec.to_home_layers",
                    $"'{unknown}' is not a layer; use {string.Join(", ", HomeLayerNames.All)} (a misspelt layer would silently inherit nothing)");
            }

            // Where one directory serves as both shared layers, naming either keeps it.
            var keepShared = wanted.Contains(HomeLayerNames.UserShared) || wanted.Contains(HomeLayerNames.ProjectShared);
            layers = layers.Where(l => wanted.Contains(l.Name)
                || (keepShared && l.Name == HomeLayerNames.ProjectShared && layers.All(o => o.Name != HomeLayerNames.UserShared))).ToList();
        }

        var digest = HomeDigest.Compute(layers.Select(l => (l.Name, HomeLayerPaths.Resolve(l.Path, specDirectory, environment))));
        return (layers, digest);
    }
}
