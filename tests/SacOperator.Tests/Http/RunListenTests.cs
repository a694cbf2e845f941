using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

/// <summary><c>sacop run --listen</c> as a user types it: refusals, a taken port, remote binding, and no HTTP at all.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Category("EndToEnd")]
public sealed class RunListenTests : IDisposable
{
    private readonly TempDirectory _dir = new("listen");
    private readonly SacopCli _cli;
    private Process? _operator;

    public RunListenTests()
    {
        _cli = new SacopCli(_dir.Combine("home"));
        Directory.CreateDirectory(_dir.Combine("agents"));
    }

    public void Dispose()
    {
        if (_operator is { HasExited: false })
        {
            _operator.Kill();
            _operator.WaitForExit(5000);
        }

        _dir.Dispose();
    }

    [Test]
    public async Task NonLoopbackAddress_WithoutAllowRemote_IsAUsageError()
    {
        var result = await _cli.RunAsync("run", "--agents-dir", _dir.Combine("agents"), "--listen", "0.0.0.0:0");

        result.ExitCode.Should().Be(2, result.ToString());
        result.Stderr.Should().Contain("not a loopback address").And.Contain("--allow-remote");
        File.Exists(Path.Combine(_cli.Home, "state.db")).Should().BeFalse("nothing was started");
    }

    [Test]
    public async Task MalformedAddress_IsAUsageError()
    {
        var result = await _cli.RunAsync("run", "--agents-dir", _dir.Combine("agents"), "--listen", "example.org:80");

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("--listen: 'example.org:80'");
    }

    [Test]
    public async Task TakenPort_FailsBeforeAnythingStarts()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await _cli.RunAsync("run", "--agents-dir", _dir.Combine("agents"), "--listen", $"127.0.0.1:{port}");

        result.ExitCode.Should().Be(1, result.ToString());
        result.Stderr.Should().Contain($"cannot listen on 127.0.0.1:{port}");
        File.Exists(Path.Combine(_cli.Home, "state.db")).Should().BeFalse("no controller ran");
    }

    [Test]
    public async Task AllowRemote_ListensOnAllAddressesAndWarns()
    {
        _operator = _cli.StartOperator(_dir.Combine("agents"), _dir.Combine("operator.log"), "--listen", "0.0.0.0:0", "--allow-remote");

        var url = await ServerUrlAsync();
        using var http = new HttpProbe(new Uri($"http://127.0.0.1:{url.Port}"));
        var health = await http.GetAsync("/healthz");

        url.Host.Should().Be("0.0.0.0");
        health.Status.Should().Be(HttpStatusCode.OK);
        File.ReadAllText(_dir.Combine("operator.log")).Should().Contain("warning: listening on 0.0.0.0:0, reachable from other hosts");
    }

    [Test]
    public async Task ListenNone_ServesNothingAndTheCliStillReadsTheStateDb()
    {
        _dir.Write("agents/a.yaml", """
            apiVersion: sacoperator.dev/v1alpha1
            kind: Host
            metadata:
              name: h
            spec:
              address: local
            """);
        _operator = _cli.StartOperator(_dir.Combine("agents"), _dir.Combine("operator.log"), "--listen", "none");

        await Eventually.Until(async () => (await _cli.RunAsync("get", "hosts")).Stdout.Contains('h'), "the host to be reported");

        File.Exists(Path.Combine(_cli.Home, "server.url")).Should().BeFalse();
        File.Exists(Path.Combine(_cli.Home, "token")).Should().BeFalse("no API, no token");
        File.ReadAllText(_dir.Combine("operator.log")).Should().Contain("http: off (--listen none)");
    }

    private async Task<Uri> ServerUrlAsync()
    {
        var file = Path.Combine(_cli.Home, "server.url");
        await Eventually.Until(() => File.Exists(file), "the operator to publish its URL");
        return new Uri(File.ReadAllText(file).Trim());
    }
}
