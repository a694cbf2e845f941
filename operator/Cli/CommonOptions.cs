using System.CommandLine;

namespace SacOperator.Operator.Cli;

/// <summary>Options shared by several verbs.</summary>
public static class CommonOptions
{
    public static Option<string> Home() => new("--home")
    {
        Description = "Operator home holding state.db and runtime/ (default: $SACOP_HOME or ~/.sacop)",
        DefaultValueFactory = _ => DefaultHome(),
    };

    public static Option<string> Output(params string[] formats) => new("--output", "-o")
    {
        Description = $"Output format: {string.Join(", ", formats)}",
        DefaultValueFactory = _ => "",
    };

    public static Option<string?> Namespace() => new("--namespace", "-n")
    {
        Description = "Namespace of the resource (Kubernetes mode); optional when the name is unique",
    };

    public static string DefaultHome() =>
        Environment.GetEnvironmentVariable("SACOP_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sacop");

    public static string FullHome(string home) => Path.GetFullPath(home);
}
