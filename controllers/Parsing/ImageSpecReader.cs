using SacOperator.Model;

namespace SacOperator.Parsing;

public static class ImageSpecReader
{
    private static readonly string[] UriSchemes = ["docker://", "oras://", "library://", "docker-archive:", "shub://"];

    public static ImageSpec Read(YamlMap? spec)
    {
        var defaults = new ImageSpec();
        if (spec is null)
        {
            return defaults;
        }

        var source = spec.Map("source");
        var result = new ImageSpec
        {
            Source = ReadSource(source),
            Sandbox = spec.Bool("sandbox") ?? defaults.Sandbox,
            Update = spec.Bool("update") ?? defaults.Update,
            Freeze = spec.Bool("freeze") ?? defaults.Freeze,
            Version = spec.String("version"),
            KeepVersions = spec.Int("keepVersions", 1, 1000) ?? defaults.KeepVersions,
            Fakeroot = spec.Bool("fakeroot") ?? defaults.Fakeroot,
            BuildTimeout = spec.Duration("buildTimeout", allowZero: false) ?? defaults.BuildTimeout,
            Rollout = ReadRollout(spec),
        };
        spec.ReportUnknown();

        var s = result.Source;
        if ((s.DefFile ?? s.Uri ?? s.BaseImage) is null || (s.Uri is not null && (s.DefFile ?? s.BaseImage) is not null))
        {
            spec.Context.Error(spec.KeyNode("source") ?? (YamlDotNet.RepresentationModel.YamlNode)spec.Node, spec.Child("source"),
                "one of defFile, uri or baseImage is required (a defFile may name a baseImage too; a uri stands alone)");
        }

        if (result.Source.Uri is { } uri && !UriSchemes.Any(s => uri.StartsWith(s, StringComparison.Ordinal)))
        {
            spec.Context.Error(source?.Get("uri"), spec.Child("source.uri"), "must start with docker://, oras:// or library://");
        }

        if (result.Freeze && !result.Sandbox)
        {
            spec.Context.Error(spec.KeyNode("freeze"), spec.Child("freeze"), "only applies to sandbox images (set sandbox: true)");
        }

        return result;
    }

    /// <summary><c>rollout: manual</c> (or <c>auto</c>) is short for <c>rollout: {mode: manual}</c>.</summary>
    private static ImageRolloutSpec ReadRollout(YamlMap spec)
    {
        var defaults = new ImageRolloutSpec();
        if (spec.Get("rollout") is YamlDotNet.RepresentationModel.YamlScalarNode)
        {
            return defaults with { Mode = spec.OneOf("rollout", RolloutModes.All) ?? defaults.Mode };
        }

        var map = spec.Map("rollout");
        if (map is null)
        {
            return defaults;
        }

        var result = new ImageRolloutSpec
        {
            Mode = map.OneOf("mode", RolloutModes.All) ?? defaults.Mode,
            MaxUnavailable = map.Int("maxUnavailable", 1, 1000) ?? defaults.MaxUnavailable,
            MinReadySeconds = map.Int("minReadySeconds", 0, 86400) ?? defaults.MinReadySeconds,
            ProgressDeadlineSeconds = map.Int("progressDeadlineSeconds", 1, 604800) ?? defaults.ProgressDeadlineSeconds,
        };
        map.ReportUnknown();
        return result;
    }

    private static ImageSource ReadSource(YamlMap? map)
    {
        if (map is null)
        {
            return new ImageSource();
        }

        var result = new ImageSource
        {
            DefFile = map.String("defFile"),
            Uri = map.String("uri"),
            BaseImage = map.String("baseImage"),
        };
        map.ReportUnknown();
        return result;
    }
}
