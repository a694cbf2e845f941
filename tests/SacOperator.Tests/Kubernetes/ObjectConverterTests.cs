using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Kubernetes;
using SacOperator.Model;

namespace SacOperator.Tests.Kubernetes;

[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ObjectConverterTests
{
    private static JsonObject Object(string status = "Running", string rv = "10") => JsonNode.Parse($$$"""
        {"apiVersion":"sacoperator.dev/v1alpha1","kind":"Agent",
         "metadata":{"name":"a","namespace":"team","uid":"u1","generation":3,"resourceVersion":"{{{rv}}}",
                     "finalizers":["sacoperator.dev/cleanup"],
                     "managedFields":[{"manager":"sacop","time":"2026-11-01T12:00:00Z"}]},
         "spec":{"runtime":"local","command":["sleep","1"],"host":"node1"},
         "status":{"phase":"{{{status}}}"}}
        """)!.AsObject();

    [Test]
    public void ToStored_ServerObject_ReadsTheModelWithServerFields()
    {
        var stored = ObjectConverter.ToStored(Object());

        stored.Key.Should().Be(ResourceKey.Agent("a", "team"));
        stored.IsValid.Should().BeTrue();
        stored.Resource!.Metadata.Generation.Should().Be(3);
        stored.Resource.Metadata.Uid.Should().Be("u1");
        stored.Resource.Metadata.Finalizers.Should().Equal("sacoperator.dev/cleanup");
    }

    [Test]
    public void ContentHash_StatusVersionAndManagedFieldsChange_StaysTheSame()
    {
        var changed = Object(status: "Stopped", rv: "11");
        changed["metadata"]!["managedFields"]![0]!["time"] = "2026-11-02T00:00:00Z";
        changed["metadata"]!["finalizers"] = new JsonArray();

        ObjectConverter.ContentHash(changed).Should().Be(ObjectConverter.ContentHash(Object()));
    }

    [Test]
    public void ContentHash_SameObjectWithKeysInAnotherOrder_IsTheSame()
    {
        var original = Object();
        var reordered = new JsonObject(original.Reverse().Select(p => new KeyValuePair<string, JsonNode?>(p.Key, p.Value?.DeepClone())));

        ObjectConverter.ContentHash(reordered).Should().Be(ObjectConverter.ContentHash(original));
    }

    [Test]
    public void ContentHash_SpecOrDeletionChange_Differs()
    {
        var spec = Object();
        spec["spec"]!["command"] = new JsonArray("sleep", "2");
        var deleting = Object();
        deleting["metadata"]!["deletionTimestamp"] = "2026-11-02T00:00:00Z";

        ObjectConverter.ContentHash(spec).Should().NotBe(ObjectConverter.ContentHash(Object()));
        ObjectConverter.ContentHash(deleting).Should().NotBe(ObjectConverter.ContentHash(Object()));
    }

    [Test]
    public void ToStored_UnknownField_IsInvalidWithAPathAndALine()
    {
        var obj = Object();
        obj["spec"]!["bogus"] = true;

        var stored = ObjectConverter.ToStored(obj);

        stored.IsValid.Should().BeFalse();
        stored.Diagnostics.Should().ContainSingle(d => d.Path == "spec.bogus" && d.File == "agents/team/a" && d.Line > 1);
    }
}
