using System.Diagnostics;
using NUnit.Framework;
using NUnit.Framework.Interfaces;

namespace SacOperator.Tests.TestSupport;

/// <summary>The end of a test that ran the built <c>sacop run</c> as a process: nothing of it outlives the test, and a failure shows what the operator logged.</summary>
public static class OperatorTeardown
{
    /// <summary>Kills the operator, then every agent recorded under <paramref name="home"/>, and prints <paramref name="log"/> when the test failed.</summary>
    public static void Run(Process? op, string home, string log)
    {
        if (op is { HasExited: false })
        {
            op.Kill();
            op.WaitForExit(5000);
        }

        OperatorHarness.KillAgents(home);
        PrintLogIfFailed(log);
    }

    public static void PrintLogIfFailed(string log)
    {
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed && File.Exists(log))
        {
            TestContext.Out.WriteLine("operator log:\n" + File.ReadAllText(log));
        }
    }
}
