using System.Text.Json;
using System.Text.Json.Nodes;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Serialization;

namespace SacOperator.Tests.Serialization;

[TestFixture]
public sealed class ModelJsonTests
{
    [Test]
    public void Serialize_AgentWithEveryField_RoundTripsThroughDeserializeResource()
    {
        var agent = ModelSamples.FullAgent() with { Status = ModelSamples.FullStatus() };
        var json = ModelJson.Serialize(agent);

        var read = ModelJson.DeserializeResource(ResourceKinds.Agent, json);

        read.Should().BeOfType<Agent>();
        ModelJson.Serialize(read).Should().Be(json);
    }

    [Test]
    public void DeserializeResource_AgentWithEveryField_RestoresEachValue()
    {
        var agent = ModelSamples.FullAgent();

        var read = (Agent)ModelJson.DeserializeResource(ResourceKinds.Agent, ModelJson.Serialize(agent))!;

        read.Should().BeEquivalentTo(agent, options => options.RespectingRuntimeTypes());
    }

    [Test]
    public void Serialize_MinimalAgent_OmitsNullsAndEmptyCollections()
    {
        var json = JsonNode.Parse(ModelJson.Serialize(ModelSamples.MinimalAgent()))!;

        json.ToJsonString().Should().Be(JsonNode.Parse("""
            {
              "apiVersion": "sacoperator.dev/v1alpha1", "kind": "Agent",
              "metadata": {"name": "minimal", "generation": 0},
              "spec": {
                "runtime": "apptainer",
                "claude": {"session": "fresh", "executable": "claude"},
                "gpu": "none", "relaxed": false,
                "health": {"enabled": true, "method": "process", "interval": "30s", "timeout": "5s", "failureThreshold": 3},
                "restart": {"policy": "always", "maxRetries": 3, "backoff": {"initial": "30s", "max": "5m", "multiplier": 2}},
                "suspend": false, "stopped": false, "terminationGracePeriod": "5s"
              }
            }
            """)!.ToJsonString());
    }

    [Test]
    public void Serialize_NullList_IsOmitted()
    {
        var agent = ModelSamples.MinimalAgent() with { Spec = new AgentSpec { Command = null } };

        var spec = ModelJson.ToNode(agent)["spec"]!.AsObject();

        spec.ContainsKey("command").Should().BeFalse();
    }

    [Test]
    public void Serialize_EmptyListAndMap_AreOmitted()
    {
        var agent = ModelSamples.MinimalAgent() with
        {
            Spec = new AgentSpec { Command = [], Binds = [], Env = new Dictionary<string, string>() },
        };

        var spec = ModelJson.ToNode(agent)["spec"]!.AsObject();

        spec.Select(p => p.Key).Should().NotContain(["command", "binds", "env"]);
    }

    [Test]
    public void Serialize_Resource_WritesApiVersionKindMetadataSpecFirstAndStatusLast()
    {
        var agent = ModelSamples.FullAgent() with { Status = ModelSamples.FullStatus() };

        var keys = ModelJson.ToNode(agent).Select(p => p.Key);

        keys.Should().Equal("apiVersion", "kind", "metadata", "spec", "status");
    }

    [Test]
    public void Serialize_Resource_LeavesOutDerivedProperties()
    {
        var json = ModelJson.Serialize(ModelSamples.FullAgent());

        json.Should().NotContainAny("\"key\"", "specObject", "statusObject", "effectiveInitialDelay", "heartbeatTolerance");
    }

    [Test]
    public void Serialize_Durations_AreWrittenAsDurationStrings()
    {
        var health = ModelJson.ToNode(ModelSamples.FullAgent())["spec"]!["health"]!;

        new[] { health["interval"]!.ToJsonString(), health["timeout"]!.ToJsonString(), health["initialDelay"]!.ToJsonString() }
            .Should().Equal("\"1m\"", "\"1.5s\"", "\"1h30m\"");
    }

    [TestCase("30", 30_000)]
    [TestCase("1.5", 1_500)]
    [TestCase("0", 0)]
    public void Deserialize_DurationAsNumber_ReadsSeconds(string number, long expectedMs)
    {
        var agent = (Agent)ModelJson.DeserializeResource(ResourceKinds.Agent, AgentJson("\"terminationGracePeriod\": " + number))!;

        agent.Spec.TerminationGracePeriod.Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [TestCase("30", 30_000)]
    [TestCase("30s", 30_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("250ms", 250)]
    public void Deserialize_DurationAsString_ReadsEitherSpelling(string text, long expectedMs)
    {
        var agent = (Agent)ModelJson.DeserializeResource(ResourceKinds.Agent, AgentJson($"\"health\": {{\"initialDelay\": \"{text}\"}}"))!;

        agent.Spec.Health.InitialDelay.Should().Be(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Test]
    public void Deserialize_MalformedDuration_ThrowsNamingTheValue()
    {
        var json = AgentJson("\"terminationGracePeriod\": \"soon\"");

        var read = () => ModelJson.DeserializeResource(ResourceKinds.Agent, json);

        read.Should().Throw<JsonException>().WithMessage("*'soon' is not a duration*");
    }

    [Test]
    public void Deserialize_MissingDuration_KeepsTheDefault()
    {
        var agent = (Agent)ModelJson.DeserializeResource(ResourceKinds.Agent, AgentJson(""))!;

        agent.Spec.TerminationGracePeriod.Should().Be(TimeSpan.FromSeconds(5));
    }

    [Test]
    public void DeserializeResource_UnknownKind_ReturnsNull()
    {
        var read = ModelJson.DeserializeResource("ConfigMap", AgentJson(""));

        read.Should().BeNull();
    }

    [TestCase(ResourceKinds.Agent, typeof(AgentStatus))]
    [TestCase(ResourceKinds.Image, typeof(ImageStatus))]
    [TestCase(ResourceKinds.Host, typeof(HostStatus))]
    [TestCase(ResourceKinds.Account, typeof(AccountStatus))]
    public void DeserializeStatus_Kind_ReturnsThatKindsStatus(string kind, Type expected)
    {
        var status = ModelJson.DeserializeStatus(kind, "{\"phase\": \"Running\", \"observedGeneration\": 3}");

        status.Should().BeOfType(expected);
        status!.Phase.Should().Be("Running");
    }

    [Test]
    public void Serialize_Status_RoundTripsThroughDeserializeStatus()
    {
        var json = ModelJson.Serialize(ModelSamples.FullStatus());

        var read = ModelJson.DeserializeStatus(ResourceKinds.Agent, json);

        ModelJson.Serialize(read).Should().Be(json);
    }

    [Test]
    public void Serialize_Indented_HoldsTheSameJsonAsCompact()
    {
        var agent = ModelSamples.FullAgent();

        var indented = JsonNode.Parse(ModelJson.Serialize(agent, indented: true))!.ToJsonString();

        indented.Should().Be(JsonNode.Parse(ModelJson.Serialize(agent))!.ToJsonString());
    }

    [TestCase(typeof(Image))]
    [TestCase(typeof(Host))]
    [TestCase(typeof(Account))]
    public void Serialize_OtherKinds_RoundTripThroughDeserializeResource(Type type)
    {
        var resource = (Resource)Activator.CreateInstance(type)!;
        resource = resource switch
        {
            Image i => i with { Metadata = new ObjectMeta { Name = "x" }, Spec = new ImageSpec { Source = new ImageSource { Uri = "docker://x" }, Version = "7" } },
            Host h => h with { Metadata = new ObjectMeta { Name = "x" }, Spec = new HostSpec { Ssh = new SshSpec { Port = 22, Jump = ["j"] }, Capacity = new HostCapacity { Memory = 1L << 36 } } },
            Account a => a with { Metadata = new ObjectMeta { Name = "x" }, Spec = new AccountSpec { Credentials = new CredentialRef { SecretRef = new SecretKeyRef { Name = "s" } }, RotateTo = ["y"] } },
            _ => resource,
        };
        var json = ModelJson.Serialize(resource);

        var read = ModelJson.DeserializeResource(resource.Kind, json);

        ModelJson.Serialize(read).Should().Be(json);
    }

    /// <summary>An Agent document whose spec holds <paramref name="specBody"/> (JSON members, without braces).</summary>
    private static string AgentJson(string specBody) =>
        "{\"apiVersion\": \"sacoperator.dev/v1alpha1\", \"kind\": \"Agent\", \"metadata\": {\"name\": \"a\"}, \"spec\": {" + specBody + "}}";
}
