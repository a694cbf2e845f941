using System.Text.RegularExpressions;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Operator.Cli;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>manifests/ renders with kustomize and starts the operator the way its documentation says.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed partial class ManifestsTests
{
    private static string Manifests => Path.Combine(Repo.Root, "manifests");

    [Test]
    public async Task Kustomize_Manifests_RendersCrdsNamespaceRbacAndTheDeployment()
    {
        using var dir = new TempDirectory("kustomize");
        var kubectl = Kubectl.For(dir, "apiVersion: v1\nkind: Config\n");

        var rendered = await kubectl.RunAsync("kustomize", Manifests);

        rendered.ExitCode.Should().Be(0, rendered.ToString());
        var kinds = KindLine().Matches(rendered.Stdout).Select(m => m.Groups[1].Value).ToList();
        kinds.Count(k => k == "CustomResourceDefinition").Should().Be(4);
        kinds.Should().Contain(["Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Secret", "Deployment"]);
        rendered.Stdout.Should().Contain("name: agents.sacoperator.dev").And.Contain("serviceAccountName: sacop-controller");
    }

    [Test]
    public void CrdKustomization_ListsEveryRenderedCrd()
    {
        var listed = File.ReadAllLines(Path.Combine(Repo.Root, "crds", "kustomization.yaml")).Where(l => l.StartsWith("- ", StringComparison.Ordinal)).Select(l => l[2..]);

        listed.Should().BeEquivalentTo(Directory.GetFiles(Path.Combine(Repo.Root, "crds"), "sacoperator.dev_*.yaml").Select(Path.GetFileName));
    }

    [Test]
    public void Deployment_Arguments_AreAValidClusterWideRun()
    {
        var yaml = File.ReadAllText(Path.Combine(Manifests, "kubernetes", "deployment.yaml"));
        var args = ArgsLine().Match(yaml).Groups[1].Value.Split(", ").Select(a => a.Trim('"')).ToArray();

        var parsed = CliApp.Build().Parse(args);

        parsed.Errors.Should().BeEmpty();
        args.Should().StartWith(["run", "--kubernetes", "--cluster-wide"]);
    }

    [Test]
    public void SystemdUnit_ExecStart_IsAValidPerHostRun()
    {
        var unit = File.ReadAllText(Path.Combine(Manifests, "systemd", "sacop-kubernetes.service"));
        var execStart = unit.Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..];
        var args = execStart.Replace("%h", "/home/u", StringComparison.Ordinal).Replace("%H", "node1", StringComparison.Ordinal).Split(' ')[1..];

        var parsed = CliApp.Build().Parse(args);

        parsed.Errors.Should().BeEmpty();
        args.Should().ContainInOrder("run", "--kubernetes", "--host", "node1", "--kubeconfig");
        unit.Should().Contain("KillMode=process");
    }

    [GeneratedRegex(@"(?m)^kind: (\w+)$")]
    private static partial Regex KindLine();

    [GeneratedRegex(@"args: \[(.*)\]")]
    private static partial Regex ArgsLine();
}
