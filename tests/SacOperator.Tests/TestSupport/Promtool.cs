using System.Diagnostics;

namespace SacOperator.Tests.TestSupport;

/// <summary>Runs Prometheus' <c>promtool</c> (Debian package <c>prometheus</c>); the test is skipped with the reason when it is missing.</summary>
public static class Promtool
{
    public sealed record Result(int ExitCode, string Output)
    {
        public override string ToString() => $"promtool exit {ExitCode}: {Output}";
    }

    public static async Task<Result> RunAsync(string? stdin, params string[] args)
    {
        var path = Tools.Require("promtool", "the Debian package 'prometheus'");
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WithTimeout();
        return new Result(process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary><c>promtool check metrics</c> over an exposition: exit 0 and no lint findings when clean.</summary>
    public static Task<Result> CheckMetricsAsync(string exposition) => RunAsync(exposition, "check", "metrics");
}
