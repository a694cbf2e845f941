namespace SacOperator.Model;

/// <summary>API group, versions and kind names of the resources SacOperator understands.</summary>
public static class ResourceKinds
{
    public const string Group = "sacoperator.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;

    /// <summary>apiVersion of sac's own per-agent spec.yaml, read by the compatibility reader.</summary>
    public const string SacApiVersion = "scitex-agent-container/v3";

    public const string Agent = "Agent";
    public const string Image = "Image";
    public const string Host = "Host";
    public const string Account = "Account";

    public static readonly IReadOnlyList<string> All = [Agent, Image, Host, Account];

    /// <summary>Maps a kind, its plural, singular or short name (as typed on the CLI) to the kind.</summary>
    public static string? Resolve(string name) => name.ToLowerInvariant() switch
    {
        "agent" or "agents" or "sacagent" => Agent,
        "image" or "images" or "sacimage" => Image,
        "host" or "hosts" or "sachost" => Host,
        "account" or "accounts" or "sacaccount" => Account,
        _ => null,
    };

    public static string Plural(string kind) => kind.ToLowerInvariant() + "s";
}
