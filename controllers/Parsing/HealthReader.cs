using SacOperator.Model;

namespace SacOperator.Parsing;

public static class HealthReader
{
    public static HealthSpec Read(YamlMap? map)
    {
        var defaults = new HealthSpec();
        if (map is null)
        {
            return defaults;
        }

        var result = new HealthSpec
        {
            Enabled = map.Bool("enabled") ?? defaults.Enabled,
            Method = map.OneOf("method", HealthMethods.All) is { } method ? HealthMethods.Canonical(method) : defaults.Method,
            Interval = map.Duration("interval", allowZero: false) ?? defaults.Interval,
            Timeout = map.Duration("timeout", allowZero: false) ?? defaults.Timeout,
            FailureThreshold = map.Int("failureThreshold", 1, 1000) ?? defaults.FailureThreshold,
            InitialDelay = map.Duration("initialDelay"),
            StallTimeout = map.Duration("stallTimeout", allowZero: false),
            StartTimeout = map.Duration("startTimeout", allowZero: false),
            Http = ReadHttp(map.Map("http")),
            Exec = ReadExec(map.Map("exec")),
        };
        map.ReportUnknown();
        return result;
    }

    public static void Check(YamlMap spec, HealthSpec health)
    {
        if (!health.Enabled)
        {
            return;
        }

        var node = spec.KeyNode("health");
        if (health.Method == HealthMethods.Http && health.Http is not { Port: > 0 })
        {
            spec.Context.Error(node, spec.Child("health.http.port"), "required when health.method is http");
        }

        if (health.Method == HealthMethods.Exec && health.Exec is not { Command.Count: > 0 })
        {
            spec.Context.Error(node, spec.Child("health.exec.command"), "required when health.method is exec");
        }
    }

    private static HttpProbeSpec? ReadHttp(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var defaults = new HttpProbeSpec();
        var result = new HttpProbeSpec
        {
            Host = map.String("host") ?? defaults.Host,
            Port = map.Int("port", 1, 65535) ?? 0,
            Path = map.String("path") ?? defaults.Path,
            Scheme = map.OneOf("scheme", ["http", "https"]) ?? defaults.Scheme,
        };
        map.ReportUnknown();
        return result;
    }

    private static ExecProbeSpec? ReadExec(YamlMap? map)
    {
        if (map is null)
        {
            return null;
        }

        var result = new ExecProbeSpec { Command = map.Strings("command") ?? [] };
        map.ReportUnknown();
        return result;
    }
}
