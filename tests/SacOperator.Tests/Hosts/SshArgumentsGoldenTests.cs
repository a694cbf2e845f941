using FluentAssertions;
using NUnit.Framework;
using SacOperator.Hosts;
using SacOperator.Model;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Hosts;

/// <summary>The ssh argv of a Host command, against golden files in testdata/argv.</summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class SshArgumentsGoldenTests
{
    private static readonly HostSpec Full = new()
    {
        Address = "alice@login1.cluster",
        Ssh = new SshSpec
        {
            Port = 2222,
            IdentityFile = "~/.ssh/id_cluster",
            Jump = ["bastion.example.org", "gw2"],
            Options = ["StrictHostKeyChecking=accept-new", "Ciphers=aes256-gcm@openssh.com"],
            ConnectTimeout = TimeSpan.FromSeconds(7.5),
        },
    };

    [Test]
    public void For_EverySshSetting_MatchesGolden()
    {
        var argv = SshArguments.For("ssh", Full, "/home/alice/.sacop/ssh", "sh -c " + ShellQuote.Word("echo 'hi'"));

        Golden.Check(Path.Combine(Repo.TestData, "argv"), "ssh-full.txt", string.Join("\n", argv) + "\n");
    }

    [Test]
    public void Exit_SameConnectionSettings_MatchesGolden()
    {
        var argv = SshArguments.Exit("ssh", Full, "/home/alice/.sacop/ssh");

        Golden.Check(Path.Combine(Repo.TestData, "argv"), "ssh-exit.txt", string.Join("\n", argv) + "\n");
    }

    [Test]
    public void For_NoSshSection_UsesSshDefaultsAndTheSharedConnection()
    {
        var argv = SshArguments.For("ssh", new HostSpec { Address = "gpu-box" }, "/c", "true");

        argv.Should().ContainInOrder("-o", "ControlPath=/c/%C").And.NotContain(["-p", "-i", "-J"]);
        argv.TakeLast(3).Should().Equal("--", "gpu-box", "true");
    }

    [TestCase("plain", "'plain'")]
    [TestCase("it's", "'it'\\''s'")]
    [TestCase("$HOME `x` \"q\"", "'$HOME `x` \"q\"'")]
    public void Word_AnyText_IsOneLiteralShellWord(string text, string quoted)
    {
        ShellQuote.Word(text).Should().Be(quoted);
    }

    [Test]
    public void ControlDirectoryFor_LongHome_FallsBackToAShortPrivatePath()
    {
        var longHome = "/" + string.Join('/', Enumerable.Repeat("very-long-directory-name", 6));

        var directory = HostControllerOptions.ControlDirectoryFor(longHome);

        directory.Should().StartWith("/tmp/sacop-ssh-");
        (directory.Length + 1 + 40 + 17).Should().BeLessThan(108, "a unix socket path is limited to 108 bytes");
        HostControllerOptions.ControlDirectoryFor("/h").Should().Be("/h/ssh");
    }
}
