using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Crds;
using SacOperator.Model;
using SacOperator.Parsing;
using SacOperator.Serialization;
using SacOperator.Tests.Kubernetes.FakeApi;
using SacOperator.Tests.Serialization;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Kubernetes;

/// <summary>
/// The CRD schemas and the model's readers agree: every enum value and bound in a schema is
/// accepted by the reader and one step outside is rejected at the same field; what the operator
/// serialises (specs and statuses) is valid under the schema; the examples are valid under both.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class CrdSchemaTests
{
    private static readonly XmlDocDescriptions Descriptions = XmlDocDescriptions.For(typeof(Agent).Assembly);

    public static IEnumerable<CrdDefinition> Definitions => CrdDefinitions.All;

    private static JsonObject Schema(CrdDefinition definition) =>
        YamlJson.Normalize(CrdRenderer.Render(definition, Descriptions))!["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    private static string ExampleFile(CrdDefinition definition) => Path.Combine(Repo.Examples, "kubernetes", definition.Singular + ".yaml");

    private static JsonObject Example(CrdDefinition definition) => YamlJson.Parse(File.ReadAllText(ExampleFile(definition)))!.AsObject();

    private static IReadOnlyList<Diagnostic> Read(JsonObject obj) =>
        ManifestReader.Read("test.json", obj.ToJsonString()).Resources.Single().Diagnostics;

    private static JsonObject With(JsonObject obj, string path, JsonNode value)
    {
        var copy = (JsonObject)obj.DeepClone();
        var parts = path.Split('.');
        var node = copy;
        foreach (var part in parts[..^1])
        {
            node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
        }

        node[parts[^1]] = value;
        return copy;
    }

    private static IEnumerable<(string Path, JsonObject Schema)> SpecFields(CrdDefinition definition) =>
        CrdTests.Fields(Schema(definition), "").Where(f => f.Path.StartsWith("spec.", StringComparison.Ordinal) && !f.Path.Contains("[]", StringComparison.Ordinal));

    [TestCaseSource(nameof(Definitions))]
    public void Enums_EveryValueInTheSchema_IsAcceptedByTheReaderAndOthersAreNot(CrdDefinition definition)
    {
        var enums = SpecFields(definition).Where(f => f.Schema["enum"] is not null).ToList();

        foreach (var (path, schema) in enums)
        {
            foreach (var value in schema["enum"]!.AsArray())
            {
                Read(With(Example(definition), path, value!.DeepClone())).Should().NotContain(d => d.IsError && d.Path == path, $"{path} = {value} is in the CRD");
            }

            Read(With(Example(definition), path, "not-a-value")).Should().Contain(d => d.IsError && d.Path == path, $"{path} = not-a-value is not in the CRD");
        }
    }

    [TestCaseSource(nameof(Definitions))]
    public void Bounds_EveryMinimumAndMaximum_MatchWhatTheReaderAccepts(CrdDefinition definition)
    {
        var bounded = SpecFields(definition).Where(f => f.Schema["minimum"] is not null || f.Schema["maximum"] is not null).ToList();

        foreach (var (path, schema) in bounded)
        {
            foreach (var (bound, outside) in new[] { ("minimum", -1.0), ("maximum", 1.0) })
            {
                if (schema[bound]?.GetValue<double>() is not { } limit)
                {
                    continue;
                }

                Read(With(Example(definition), path, limit)).Should().NotContain(d => d.IsError && d.Path == path, $"{path} = {limit} is within the CRD's {bound}");
                Read(With(Example(definition), path, limit + outside)).Should().Contain(d => d.IsError && d.Path == path, $"{path} = {limit + outside} is outside the CRD's {bound}");
            }
        }
    }

    [TestCaseSource(nameof(Definitions))]
    public void Example_IsValidUnderTheCrdAndForTheReader(CrdDefinition definition)
    {
        var example = Example(definition);

        var result = SchemaValidator.Process(Schema(definition), example);

        result.Errors.Should().BeEmpty();
        result.UnknownFields.Should().BeEmpty();
        Read(example).Should().NotContain(d => d.IsError);
        example["kind"]!.GetValue<string>().Should().Be(definition.Kind);
    }

    [Test]
    public void FullAgent_AsSerialised_IsValidUnderTheCrd()
    {
        var agent = ModelJson.ToNode(ModelSamples.FullAgent() with { Status = ModelSamples.FullStatus() });

        var result = SchemaValidator.Process(Schema(CrdDefinitions.Agent), Normalize(agent));

        result.Errors.Should().BeEmpty();
        result.UnknownFields.Should().BeEmpty();
    }

    [Test]
    public void Statuses_OfEveryKind_AreValidUnderTheirCrds()
    {
        var now = new DateTimeOffset(2026, 11, 1, 12, 0, 0, 123, TimeSpan.Zero);
        var condition = new Condition { Type = "Ready", Status = "True", Reason = "Probed", LastTransitionTime = now, ObservedGeneration = 2 };
        var statuses = new (CrdDefinition Definition, ResourceStatus Status)[]
        {
            (CrdDefinitions.Image, new ImageStatus { Phase = "Ready", ActiveVersion = "v2", Conditions = [condition], Versions = [new ImageArtifact { Version = "v2", Path = "/i/v2.sif", Sha256 = "ab", BuiltAt = now, Size = 42, SourceDigest = "sha256:cd" }], Stage = "v3: INFO:    Creating SIF file...", Host = "node1" }),
            (CrdDefinitions.Host, new HostStatus { Phase = "Ready", ApptainerVersion = "1.3.4", FreeMemoryBytes = 1L << 35, Cpus = 64, Gpus = 4, RunningAgents = 3, LastProbeTime = now }),
            (CrdDefinitions.Account, new AccountStatus { Phase = "Available", FiveHourUsedPercent = 12.5, SevenDayUsedPercent = 40, FiveHourResetsAt = now, SevenDayResetsAt = now, CredentialExpiresAt = now }),
        };

        foreach (var (definition, status) in statuses)
        {
            var obj = new JsonObject { ["status"] = JsonSerializer.SerializeToNode(status, status.GetType(), ModelJson.Options) };

            var result = SchemaValidator.Process(Schema(definition), Normalize(obj));

            result.Errors.Should().BeEmpty(definition.Kind);
            result.UnknownFields.Should().BeEmpty(definition.Kind);
        }
    }

    private static JsonObject Normalize(JsonObject obj) => JsonNode.Parse(obj.ToJsonString())!.AsObject();
}
