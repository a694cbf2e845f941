namespace SacOperator.Model;

public static class AgentRuntimes
{
    public const string Apptainer = "apptainer";
    public const string Local = "local";

    public static readonly IReadOnlyList<string> All = [Apptainer, Local];
}
