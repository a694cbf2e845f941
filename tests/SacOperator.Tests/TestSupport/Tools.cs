using NUnit.Framework;

namespace SacOperator.Tests.TestSupport;

/// <summary>External tools some tests need; a missing tool skips the test with the reason printed, never a silent pass.</summary>
public static class Tools
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);

    public static string Require(string name, string installHint)
    {
        var path = Find(name);
        if (path is null)
        {
            Assert.Ignore($"{name} not found on PATH; install {installHint} to run this test (.ci/run installs it)");
        }

        return path!;
    }
}
