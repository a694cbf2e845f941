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
