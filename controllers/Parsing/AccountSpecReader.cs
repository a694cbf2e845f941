using SacOperator.Model;

namespace SacOperator.Parsing;

public static class AccountSpecReader
{
    public static AccountSpec Read(YamlMap? spec)
    {
        var defaults = new AccountSpec();
        if (spec is null)
        {
            return defaults;
        }

        var credentials = spec.Map("credentials");
        var result = new AccountSpec
        {
            Credentials = ReadCredentials(credentials),
            Quota = ReadQuota(spec.Map("quota")),
            RotateTo = spec.Strings("rotateTo") ?? [],
        };
        spec.ReportUnknown();

        var c = result.Credentials;
        var set = new object?[] { c.Directory, c.File, c.EnvVar, c.SecretRef }.Count(v => v is not null);
        if (set != 1)
        {
            spec.Context.Error(spec.KeyNode("credentials") ?? (YamlDotNet.RepresentationModel.YamlNode)spec.Node, spec.Child("credentials"),
                "exactly one of directory, file, envVar or secretRef is required");
        }

        if (c.EnvVar is { } envVar && !NameRules.IsEnvName(envVar))
        {
            spec.Context.Error(credentials?.Get("envVar"), spec.Child("credentials.envVar"), "is not a valid environment variable name");
        }

        return result;
    }

    private static CredentialRef ReadCredentials(YamlMap? map)
    {
        if (map is null)
        {
            return new CredentialRef();
        }

        var secret = map.Map("secretRef");
        SecretKeyRef? secretRef = null;
        if (secret is not null)
        {
            var name = secret.String("name");
            if (name is null)
            {
                map.Context.Error(secret.Node, secret.Child("name"), "required");
            }

            secretRef = new SecretKeyRef { Name = name ?? "", Key = secret.String("key") ?? "credentials" };
            secret.ReportUnknown();
        }

        var result = new CredentialRef
        {
            Directory = map.String("directory"),
            File = map.String("file"),
            EnvVar = map.String("envVar"),
            SecretRef = secretRef,
        };
        map.ReportUnknown();
        return result;
    }

    private static QuotaSpec ReadQuota(YamlMap? map)
    {
        var defaults = new QuotaSpec();
        if (map is null)
        {
            return defaults;
        }

        var result = new QuotaSpec
        {
            Source = map.OneOf("source", QuotaSources.All) ?? defaults.Source,
            FiveHourPercent = map.Double("fiveHourPercent", 0, 100) ?? defaults.FiveHourPercent,
            SevenDayPercent = map.Double("sevenDayPercent", 0, 100) ?? defaults.SevenDayPercent,
            PollInterval = map.Duration("pollInterval", allowZero: false) ?? defaults.PollInterval,
            MaxAge = map.Duration("maxAge", allowZero: false) ?? defaults.MaxAge,
            Path = map.String("path"),
            Key = map.String("key"),
            Command = map.Strings("command") ?? [],
            Timeout = map.Duration("timeout", allowZero: false) ?? defaults.Timeout,
        };
        map.ReportUnknown();
        if (result.Source == QuotaSources.Command && result.Command.Count == 0)
        {
            map.Context.Error(map.KeyNode("source") ?? (YamlDotNet.RepresentationModel.YamlNode)map.Node, map.Child("command"),
                "required when source is command: the argv of a command printing one JSON object (fiveHourPercent, sevenDayPercent, reset times)");
        }

        return result;
    }
}
