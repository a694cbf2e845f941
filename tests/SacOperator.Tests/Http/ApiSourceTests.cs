using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Operator.Cli;
using SacOperator.State;

namespace SacOperator.Tests.Http;

/// <summary><see cref="ApiSource.ToRow"/> undoes <see cref="ResourceView.ToObject"/>, so <c>--server</c> renders what the DB path renders.</summary>
[TestFixture]
public sealed class ApiSourceTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private static IEnumerable<ResourceRow> Rows()
    {
        yield return new ResourceRow
        {
            Key = ResourceKey.Agent("a"),
            Source = "/specs/a.yaml",
            Generation = 3,
            CreatedAt = Created,
            ObjectJson = """{"apiVersion":"sacoperator.dev/v1alpha1","kind":"Agent","metadata":{"name":"a","labels":{"team":"blue"}},"spec":{"command":["sleep","1"]}}""",
            StatusJson = """{"observedGeneration":3,"phase":"Running","pid":42}""",
        };
        yield return new ResourceRow { Key = ResourceKey.Agent("broken"), Source = "/specs/broken.yaml", Generation = 1, CreatedAt = Created, StatusJson = """{"phase":"Invalid"}""" };
        yield return new ResourceRow { Key = ResourceKey.Agent("remote", "team-x"), Source = "kubernetes", Generation = 7, CreatedAt = Created };
    }

    [TestCaseSource(nameof(Rows))]
    public void ToRow_OfTheApisObject_RendersLikeTheRowItCameFrom(ResourceRow row)
    {
        var served = ResourceView.ToObject(row);

        var back = ApiSource.ToRow(served);

        back.Key.Should().Be(row.Key);
        back.Source.Should().Be(row.Source);
        back.Generation.Should().Be(row.Generation);
        back.CreatedAt.Should().Be(row.CreatedAt);
        back.StatusJson.Should().Be(row.StatusJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(row.StatusJson)!.ToJsonString());
        ResourceView.ToObject(back).ToJsonString().Should().Be(served.ToJsonString());
    }
}
