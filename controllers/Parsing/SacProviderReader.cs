using SacOperator.Model;
using YamlDotNet.RepresentationModel;

namespace SacOperator.Parsing;

/// <summary>
/// sac's <c>claude.provider</c> (a registered name or <c>{base_url, auth_token_env}</c>) and its
/// credentials fields, with sac's rule that a provider (an API key) excludes an account or
/// credentials files (OAuth).
/// </summary>
internal static class SacProviderReader
{
    /// <summary>sac's registered providers: endpoint and the variable holding its key.</summary>
    private static readonly Dictionary<string, (string BaseUrl, string TokenVariable)> Registered = new(StringComparer.Ordinal)
    {
        ["codex"] = ("http://127.0.0.1:18765", "SCITEX_GENAI_GATEWAY_API_KEY"),
        ["deepseek"] = ("https://api.deepseek.com/anthropic", "DEEPSEEK_API_KEY"),
        ["mimo"] = ("https://token-plan-sgp.xiaomimimo.com/anthropic", "XIAOMI_API_KEY"),
        ["xiaomi"] = ("https://token-plan-sgp.xiaomimimo.com/anthropic", "XIAOMI_API_KEY"),
    };

    public static (ClaudeProvider? Provider, IReadOnlyList<string> CredentialsFiles) Read(YamlMap claude)
    {
        var provider = ReadProvider(claude);
        var files = new List<string>();
        if (claude.String("credentials_file") is { Length: > 0 } file)
        {
            files.Add(file);
        }

        files.AddRange(claude.Strings("credentials_files") ?? []);
        if (provider is not null && (claude.String("account") is { Length: > 0 } || files.Count > 0))
        {
            claude.Context.Error(claude.KeyNode("provider"), "spec.claude.provider",
                "a provider uses an API key and excludes claude.account and claude.credentials_file(s) (OAuth); set one of them");
        }

        return (provider, files);
    }

    private static ClaudeProvider? ReadProvider(YamlMap claude)
    {
        switch (claude.Get("provider"))
        {
            case null:
                return null;
            case YamlScalarNode { Value: "" or "anthropic" }:
                return null;
            case YamlScalarNode { Value: { } name } node:
                if (Registered.TryGetValue(name, out var entry))
                {
                    return new ClaudeProvider { BaseUrl = entry.BaseUrl, TokenVariable = entry.TokenVariable };
                }

                claude.Context.Error(node, "spec.claude.provider", $"'{name}' is not a known provider; use anthropic, {string.Join(", ", Registered.Keys)} or {{base_url, auth_token_env}}");
                return null;
            case YamlMappingNode node:
                var map = YamlMap.Open(claude.Context, node, "spec.claude.provider")!;
                var baseUrl = map.String("base_url");
                var variable = map.String("auth_token_env");
                map.Consume("allowed_tools");
                map.ReportUnknown();
                if (baseUrl is not { Length: > 0 } || variable is not { Length: > 0 })
                {
                    claude.Context.Error(node, "spec.claude.provider", "needs base_url and auth_token_env (the name of the variable holding the key)");
                    return null;
                }

                return new ClaudeProvider { BaseUrl = baseUrl, TokenVariable = variable };
            case var other:
                claude.Context.Error(other, "spec.claude.provider", "must be a provider name or {base_url, auth_token_env}");
                return null;
        }
    }
}
