using NUnit.Framework;

namespace SacOperator.Tests.TestSupport;

/// <summary>
/// The real Claude Code binary: <c>$SACOP_TEST_CLAUDE</c>, else the copy <c>.ci/run</c> installs from the npm registry into
/// <c>.tools/claude</c> (git-ignored). Missing, a test is skipped with the reason printed, never passed silently.
/// </summary>
public static class ClaudeCodeBinary
{
    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable("SACOP_TEST_CLAUDE") is { Length: > 0 } chosen)
        {
            return File.Exists(chosen) ? chosen : null;
        }

        var installed = Path.Combine(Repo.Root, ".tools", "claude", "node_modules", ".bin", "claude");
        return File.Exists(installed) ? installed : null;
    }

    public static string Require()
    {
        var path = Find();
        if (path is null)
        {
            Assert.Ignore("the Claude Code binary is not installed: .ci/run installs it from the npm registry into .tools/claude " +
                "(or set SACOP_TEST_CLAUDE to a claude binary); the npm registry may have been unreachable");
        }

        return path!;
    }
}
