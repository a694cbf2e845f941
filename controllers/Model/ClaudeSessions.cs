namespace SacOperator.Model;

public static class ClaudeSessions
{
    public const string Fresh = "fresh";
    public const string Continue = "continue";
    public const string Resume = "resume";

    public static readonly IReadOnlyList<string> All = [Fresh, Continue, Resume];
}
