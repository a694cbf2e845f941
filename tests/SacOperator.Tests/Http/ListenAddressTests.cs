using System.Net;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Operator.Http;

namespace SacOperator.Tests.Http;

[TestFixture]
public sealed class ListenAddressTests
{
    [TestCase("127.0.0.1:7979", "127.0.0.1", 7979, true)]
    [TestCase("127.0.0.2:80", "127.0.0.2", 80, true)]
    [TestCase("[::1]:7979", "::1", 7979, true)]
    [TestCase("0.0.0.0:7979", "0.0.0.0", 7979, false)]
    [TestCase("[::]:9000", "::", 9000, false)]
    [TestCase("192.168.1.5:7979", "192.168.1.5", 7979, false)]
    [TestCase("127.0.0.1:0", "127.0.0.1", 0, true)]
    public void TryParse_IpAndPort_ParsesAndKnowsLoopback(string text, string address, int port, bool loopback)
    {
        ListenAddress.TryParse(text, out var parsed, out var error).Should().BeTrue(error);

        parsed.Address.Should().Be(IPAddress.Parse(address));
        parsed.Port.Should().Be(port);
        parsed.IsLoopback.Should().Be(loopback);
        parsed.ToString().Should().Be(text);
    }

    [Test]
    public void TryParse_Localhost_BindsBothLoopbacks()
    {
        ListenAddress.TryParse("localhost:7979", out var parsed, out _).Should().BeTrue();

        parsed.Address.Should().BeNull();
        parsed.IsLoopback.Should().BeTrue();
        parsed.ToString().Should().Be("localhost:7979");
    }

    [Test]
    public void TryParse_LocalhostPortZero_Uses127001BecauseKestrelCannotPickForLocalhost() =>
        (ListenAddress.TryParse("localhost:0", out var parsed, out _) ? parsed : null).Should().Be(ListenAddress.LoopbackEphemeral);

    [TestCase("none")]
    [TestCase("NONE")]
    public void TryParse_None_Disables(string text)
    {
        ListenAddress.TryParse(text, out var parsed, out _).Should().BeTrue();

        parsed.Disabled.Should().BeTrue();
    }

    [TestCase("7979", "is not an address")]
    [TestCase(":7979", "is not an address")]
    [TestCase("127.0.0.1", "is not an address")]
    [TestCase("127.0.0.1:70000", "is not an address")]
    [TestCase("127.0.0.1:-1", "is not an address")]
    [TestCase("example.org:7979", "is not an IP address")]
    [TestCase("::1:7979", "in brackets")]
    public void TryParse_Malformed_SaysWhy(string text, string reason)
    {
        ListenAddress.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().Contain(reason).And.Contain(text);
    }

    [Test]
    public void Default_IsLoopbackOn7979() =>
        ListenAddress.Default.ToString().Should().Be("127.0.0.1:7979");
}
