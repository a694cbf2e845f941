using System.Diagnostics;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The real kubectl against a server, as a user runs it: a kubeconfig file in a temp directory,
/// and HOME and the discovery cache there too (nothing is read from or written to the user's ~/.kube).
/// </summary>
public sealed class Kubectl(string executable, TempDirectory dir, string kubeConfig)
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static Kubectl For(TempDirectory dir, string kubeConfigText) =>
        new(Tools.Require("kubectl", "kubectl (v1.32 is on PATH on our machines)"), dir, dir.Write("kube/config", kubeConfigText));

    public string KubeConfig => kubeConfig;

    public async Task<Result> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("--cache-dir");
        info.ArgumentList.Add(dir.Combine("kube", "cache"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["KUBECONFIG"] = kubeConfig;
        info.Environment["HOME"] = dir.Path;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WithTimeout(TimeSpan.FromSeconds(60));
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
