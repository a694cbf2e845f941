using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes.Api;

namespace SacOperator.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class MergePatchTests
{
    private static JsonObject J(string json) => JsonNode.Parse(json)!.AsObject();

    [TestCase("{}", "{\"a\":1}", "{\"a\":1}")]
    [TestCase("{\"a\":1}", "{\"a\":1}", "{}")]
    [TestCase("{\"a\":1,\"b\":2}", "{\"a\":1}", "{\"b\":null}")]
    [TestCase("{\"o\":{\"x\":1,\"y\":2}}", "{\"o\":{\"x\":1,\"y\":3}}", "{\"o\":{\"y\":3}}")]
    [TestCase("{\"o\":{\"x\":1}}", "{\"o\":{}}", "{\"o\":{\"x\":null}}")]
    [TestCase("{\"l\":[1,2]}", "{\"l\":[1]}", "{\"l\":[1]}")]
    [TestCase("{\"o\":{\"x\":1}}", "{\"o\":\"flat\"}", "{\"o\":\"flat\"}")]
    public void Diff_FromTo_IsTheSmallestPatch(string from, string to, string expected)
    {
        var patch = MergePatch.Diff(J(from), J(to));

        JsonNode.DeepEquals(patch, J(expected)).Should().BeTrue($"the patch was {patch.ToJsonString()}");
    }

    [TestCase("{\"a\":1,\"b\":{\"c\":2}}", "{\"a\":{\"x\":[1]},\"b\":{}}")]
    [TestCase("{\"a\":1}", "{}")]
    [TestCase("{}", "{\"deep\":{\"er\":{\"est\":true}}}")]
    public void Apply_OfTheDiff_TurnsFromIntoTo(string from, string to)
    {
        var result = MergePatch.Apply(J(from), MergePatch.Diff(J(from), J(to)));

        JsonNode.DeepEquals(result, J(to)).Should().BeTrue();
    }
}
