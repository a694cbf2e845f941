using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Crds;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// crds/*.yaml is rendered from the C# model: these tests fail when the checked-in files differ
/// from a fresh rendering (UPDATE_GOLDEN=1 rewrites them), and when a field has no description.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CrdTests
{
    private static readonly XmlDocDescriptions Descriptions = XmlDocDescriptions.For(typeof(Agent).Assembly);

    public static IEnumerable<CrdDefinition> Definitions => CrdDefinitions.All;

    public static string FileName(CrdDefinition definition) => $"{ResourceKinds.Group}_{definition.Plural}.yaml";

    [TestCaseSource(nameof(Definitions))]
    public void Render_CheckedInCrd_MatchesTheModel(CrdDefinition definition)
    {
        var path = Path.Combine(Repo.Root, "crds", FileName(definition));

        var rendered = CrdRenderer.RenderYaml(definition, Descriptions);

        if (GoldenFile.Updating)
        {
            File.WriteAllText(path, rendered);
            Assert.Warn($"UPDATE_GOLDEN=1: rewrote {path}; review the change before committing it");
            return;
        }

        File.Exists(path).Should().BeTrue($"{path} is rendered from the model; run with UPDATE_GOLDEN=1 to create it");
        var checkedIn = File.ReadAllText(path);
        if (checkedIn != rendered)
        {
            Assert.Fail($"crds/{FileName(definition)} differs from the model (- checked in, + rendered); rerun with UPDATE_GOLDEN=1 if the model change is intended\n{GoldenFile.Diff(checkedIn, rendered)}");
        }
    }

    [TestCaseSource(nameof(Definitions))]
    public void Render_EveryField_HasADescription(CrdDefinition definition)
    {
        var crd = CrdRenderer.Render(definition, Descriptions);
        var schema = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

        var undocumented = Fields(schema, "").Where(f => f.Schema["description"] is null).Select(f => f.Path).ToList();

        undocumented.Should().BeEmpty("every field of the CRD needs a description: add a <summary> to the model property");
    }

    /// <summary>Every property schema below <paramref name="schema"/>, with its dotted path.</summary>
    internal static IEnumerable<(string Path, System.Text.Json.Nodes.JsonObject Schema)> Fields(System.Text.Json.Nodes.JsonObject schema, string path)
    {
        if (schema["properties"] is System.Text.Json.Nodes.JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                var childPath = path.Length == 0 ? name : $"{path}.{name}";
                yield return (childPath, child!.AsObject());
                foreach (var nested in Fields(child.AsObject(), childPath))
                {
                    yield return nested;
                }
            }
        }

        if (schema["items"] is System.Text.Json.Nodes.JsonObject items)
        {
            foreach (var nested in Fields(items, path + "[]"))
            {
                yield return nested;
            }
        }
    }
}
