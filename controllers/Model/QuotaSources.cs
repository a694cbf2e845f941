namespace SacOperator.Model;

/// <summary>Values of <c>spec.quota.source</c> on an Account.</summary>
public static class QuotaSources
{
    public const string None = "none";
    public const string SacCache = "sac-cache";
    public const string Command = "command";
    public const string Stream = "stream";

    public static readonly IReadOnlyList<string> All = [None, SacCache, Command, Stream];
}
