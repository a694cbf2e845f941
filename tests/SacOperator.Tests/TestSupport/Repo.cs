namespace SacOperator.Tests.TestSupport;

/// <summary>Paths inside the repository checkout the tests run from.</summary>
public static class Repo
{
    public static readonly string Root = FindRoot();

    public static string Examples => Path.Combine(Root, "examples");

    public static string StandIns => Path.Combine(Root, "tests", "standins");

    public static string TestData => Path.Combine(AppContext.BaseDirectory, "testdata");

    /// <summary>The built operator: <c>$SACOP_BIN</c> (make test sets ./bin/sacop) or the copy built beside the tests.</summary>
    public static string Sacop =>
        Environment.GetEnvironmentVariable("SACOP_BIN") is { Length: > 0 } bin && File.Exists(bin)
            ? bin
            : Path.Combine(AppContext.BaseDirectory, "sacop");

    /// <summary>A start of the built operator with <paramref name="args"/> (as an argv, never a shell string) and output redirected.</summary>
    public static System.Diagnostics.ProcessStartInfo SacopStartInfo(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new System.Diagnostics.ProcessStartInfo(Sacop)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SacOperator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (SacOperator.sln) above " + AppContext.BaseDirectory);
    }
}
