using System.Net;
using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.DependencyInjection;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.State;
using SacOperator.Tests.Agents;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

/// <summary>The operator in-process with its real Kestrel server on a free loopback port, called over HTTP.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class HttpApiTests : IAsyncDisposable
{
    private OperatorHarness _operator = null!;
    private HttpProbe _http = null!;
    private string _token = "";

    [SetUp]
    public async Task StartOperator()
    {
        _operator = await OperatorHarness.StartAsync();
        _http = new HttpProbe(_operator.Url);
        _token = _operator.Token;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _operator.DisposeAsync();
    }

    [Test]
    public async Task Healthz_WithoutToken_Is200()
    {
        var answer = await _http.GetAsync("/healthz");

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.Json["status"]!.GetValue<string>().Should().Be("ok");
    }

    [Test]
    public async Task Api_WithoutToken_Is401WithBearerChallengeAndJsonError()
    {
        var answer = await _http.GetAsync("/api/v1/agents");

        answer.Status.Should().Be(HttpStatusCode.Unauthorized);
        answer.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        answer.ContentType.Should().StartWith("application/json");
        answer.Json["error"]!.GetValue<string>().Should().Be("Unauthorized");
        answer.Json["reason"]!.GetValue<string>().Should().Contain("Authorization: Bearer");
    }

    [Test]
    public async Task Api_WithAnotherScheme_Is401()
    {
        var answer = await _http.SendAsync(HttpMethod.Get, "/api/v1/agents", _token, scheme: "Basic");

        answer.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task Api_WithWrongToken_Is403()
    {
        var answer = await _http.GetAsync("/api/v1/agents", _token[..^1] + (_token[^1] == 'a' ? 'b' : 'a'));

        answer.Status.Should().Be(HttpStatusCode.Forbidden);
        answer.Json["error"]!.GetValue<string>().Should().Be("Forbidden");
        answer.Text.Should().NotContain(_token);
    }

    [Test]
    public async Task Api_UnknownPathWithoutToken_Is401_SoRoutesDoNotLeak()
    {
        var answer = await _http.GetAsync("/api/v1/secret-things/x/y");

        answer.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Test]
    public async Task ListAgents_WithToken_ReturnsKubernetesShapedObjectsWithStatus()
    {
        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        var answer = await _http.GetAsync("/api/v1/agents", _token);

        answer.Status.Should().Be(HttpStatusCode.OK, answer.ToString());
        var list = answer.Json;
        list["kind"]!.GetValue<string>().Should().Be("List");
        var item = list["items"]!.AsArray().Should().ContainSingle().Subject!.AsObject();
        item["apiVersion"]!.GetValue<string>().Should().Be("sacoperator.dev/v1alpha1");
        item["kind"]!.GetValue<string>().Should().Be("Agent");
        item["metadata"]!["name"]!.GetValue<string>().Should().Be("a");
        item["metadata"]!["annotations"]!["sacoperator.dev/source"]!.GetValue<string>().Should().EndWith("a.yaml");
        item["spec"]!["command"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Equal("sleep", "600");
        item["status"]!["phase"]!.GetValue<string>().Should().Be("Running");
        item["status"]!["pid"]!.GetValue<int>().Should().Be(running.Pid);
    }

    [Test]
    public async Task GetAgent_ByName_IsTheSameObjectAsInTheList()
    {
        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a"));
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        var one = await _http.GetAsync("/api/v1/agents/a", _token);
        var list = await _http.GetAsync("/api/v1/agents", _token);

        one.Status.Should().Be(HttpStatusCode.OK);
        JsonNode.DeepEquals(one.Json, list.Json["items"]![0]).Should().BeTrue($"{one.Text} vs {list.Text}");
    }

    [TestCase("/api/v1/agents/nobody", "agent 'nobody' is not known")]
    [TestCase("/api/v1/widgets", "unknown kind 'widgets'")]
    [TestCase("/api/v1/widgets/x", "unknown kind 'widgets'")]
    [TestCase("/api/v1/agents/a/b/c", "no such endpoint")]
    public async Task Get_UnknownNameKindOrPath_Is404WithJsonReason(string path, string reason)
    {
        var answer = await _http.GetAsync(path, _token);

        answer.Status.Should().Be(HttpStatusCode.NotFound);
        answer.Json["error"]!.GetValue<string>().Should().Be("NotFound");
        answer.Json["reason"]!.GetValue<string>().Should().Contain(reason);
    }

    [Test]
    public async Task OtherKinds_AreListedToo()
    {
        var images = await _http.GetAsync("/api/v1/images", _token);
        var hosts = await _http.GetAsync("/api/v1/hosts", _token);
        var accounts = await _http.GetAsync("/api/v1/accounts", _token);

        new[] { images, hosts, accounts }.Should().OnlyContain(a => a.Status == HttpStatusCode.OK && a.Json["kind"]!.GetValue<string>() == "List");
    }

    [TestCase("DELETE", "/api/v1/agents", "GET")]
    [TestCase("GET", "/api/v1/agents/a/restart", "POST")]
    [TestCase("POST", "/healthz", "GET")]
    public async Task WrongMethod_Is405WithAllowAndJson(string method, string path, string allowed)
    {
        var answer = await _http.SendAsync(new HttpMethod(method), path, _token);

        answer.Status.Should().Be(HttpStatusCode.MethodNotAllowed);
        answer.Json["error"]!.GetValue<string>().Should().Be("MethodNotAllowed");
        answer.Json["reason"]!.GetValue<string>().Should().Contain(allowed);
    }

    [Test]
    public async Task Events_OfOneAgent_OnlyThoseInTheEventShape()
    {
        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a"));
        _operator.WriteSpec("b.yaml", AgentControllerIntegrationTests.Spec("b"));
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);
        await _operator.WaitForAgentAsync("b", s => s.Phase == AgentPhases.Running);

        var answer = await _http.GetAsync("/api/v1/events?resource=a&kind=agents&limit=5", _token);

        answer.Status.Should().Be(HttpStatusCode.OK, answer.ToString());
        var items = answer.Json["items"]!.AsArray();
        items.Should().NotBeEmpty();
        items.Should().OnlyContain(e => e!["key"]!["name"]!.GetValue<string>() == "a" && e["key"]!["kind"]!.GetValue<string>() == "Agent");
        items[0]!["reason"]!.GetValue<string>().Should().Be("Started");
        items[0]!["count"]!.GetValue<int>().Should().BeGreaterThan(0);
    }

    [TestCase("/api/v1/events?limit=0", "limit")]
    [TestCase("/api/v1/events?limit=many", "limit")]
    [TestCase("/api/v1/events?resource=a&kind=widgets", "unknown kind")]
    public async Task Events_BadQuery_Is400WithReason(string path, string reason)
    {
        var answer = await _http.GetAsync(path, _token);

        answer.Status.Should().Be(HttpStatusCode.BadRequest);
        answer.Json["reason"]!.GetValue<string>().Should().Contain(reason);
    }

    [Test]
    public async Task Restart_ViaApi_StartsANewProcess()
    {
        _operator.WriteSpec("a.yaml", AgentControllerIntegrationTests.Spec("a"));
        var before = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        var answer = await _http.PostAsync("/api/v1/agents/a/restart", _token);
        var after = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running && s.Pid != before.Pid);

        answer.Status.Should().Be(HttpStatusCode.Accepted, answer.ToString());
        answer.Json["action"]!.GetValue<string>().Should().Be("restart");
        after.RestartCount.Should().Be(1);
        ProcStat.Read(before.Pid!.Value).Should().BeNull("the old process was stopped");
    }

    [Test]
    public async Task Restart_UnknownAgent_Is404()
    {
        var answer = await _http.PostAsync("/api/v1/agents/nobody/restart", _token);

        answer.Status.Should().Be(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task SuspendThenResume_ViaApi_FreezesAndThawsTheSameProcess()
    {
        var file = _operator.WriteSpec("a.yaml", "# keep this comment\n" + AgentControllerIntegrationTests.Spec("a"));
        var running = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        var suspend = await _http.PostAsync("/api/v1/agents/a/suspend", _token);
        await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Frozen);
        var frozen = await Eventually.Until(() => ProcStat.Read(running.Pid!.Value)!.Value.State, s => s == 'T', "SIGSTOP to take effect");
        var resume = await _http.PostAsync("/api/v1/agents/a/resume", _token);
        var thawed = await _operator.WaitForAgentAsync("a", s => s.Phase == AgentPhases.Running);

        suspend.Status.Should().Be(HttpStatusCode.OK, suspend.ToString());
        suspend.Json["file"]!.GetValue<string>().Should().Be(file);
        resume.Status.Should().Be(HttpStatusCode.OK, resume.ToString());
        frozen.Should().Be('T');
        thawed.Pid.Should().Be(running.Pid);
        File.ReadAllText(file).Should().Contain("# keep this comment").And.Contain("suspend: false");
    }

    [Test]
    public async Task Suspend_KubernetesResource_Is409ExplainingWhatToDoInstead()
    {
        var key = ResourceKey.Agent("remote");
        _operator.Services.GetRequiredService<StateStore>().PutResource(new ResourceRow { Key = key, Source = "kubernetes", Generation = 1 });

        var answer = await _http.PostAsync("/api/v1/agents/remote/suspend", _token);

        answer.Status.Should().Be(HttpStatusCode.Conflict);
        answer.Json["error"]!.GetValue<string>().Should().Be("Conflict");
        answer.Json["reason"]!.GetValue<string>().Should().Contain("kubectl patch agent remote");
    }

    [Test]
    public async Task Metrics_ByDefault_NeedNoTokenAndUseTheTextFormat()
    {
        var answer = await _http.GetAsync("/metrics");

        answer.Status.Should().Be(HttpStatusCode.OK);
        answer.ContentType.Should().Be("text/plain; version=0.0.4; charset=utf-8");
        answer.Text.Should().Contain("# TYPE sac_agents gauge").And.Contain("sac_workqueue_depth{controller=\"Agent\",kind=\"Agent\"} ");
    }

    [Test]
    public void TokenFile_IsReadableByItsOwnerOnly() =>
        File.GetUnixFileMode(_operator.Options.TokenPath).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);

    [Test]
    public void ServerUrlFile_HoldsTheBoundUrl() =>
        File.ReadAllText(_operator.Options.ServerUrlPath).Trim().Should().Be(_operator.Url.ToString().TrimEnd('/'));
}
