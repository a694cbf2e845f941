using System.Text;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class OtlpExportTests
{
    [Test]
    public async Task OtlpEndpoint_WithPath_PushesTheSameInstrumentsAsHttpProtobuf()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var op = await OperatorHarness.StartAsync(o => o with { OtlpEndpoint = sink.MetricsEndpoint, OtlpExportInterval = TimeSpan.FromMilliseconds(200) });

        var (contentType, body) = await sink.FirstExport.WithTimeout();

        contentType.Should().Be("application/x-protobuf");
        var text = Encoding.UTF8.GetString(body);
        text.Should().Contain("sac_build_info").And.Contain("sac_agents").And.Contain("sacop", "the resource's service.name");
    }
}
