using FluentAssertions;
using NUnit.Framework;
using SacOperator.Operator.Http;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Http;

[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class ApiTokenTests : IDisposable
{
    private readonly TempDirectory _home = new("token");

    public void Dispose() => _home.Dispose();

    [Test]
    public void LoadOrCreate_FirstStart_WritesAnOwnerOnlyFileWith32RandomBytes()
    {
        var token = ApiToken.LoadOrCreate(_home.Path);

        var text = File.ReadAllText(token.Path).Trim();
        token.Created.Should().BeTrue();
        File.GetUnixFileMode(token.Path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        text.Should().MatchRegex("^[A-Za-z0-9_-]{43}$", "32 bytes in base64url without padding");
        token.Matches(text).Should().BeTrue();
    }

    [Test]
    public void LoadOrCreate_SecondStart_KeepsTheToken()
    {
        var first = ApiToken.LoadOrCreate(_home.Path);
        var text = File.ReadAllText(first.Path).Trim();

        var second = ApiToken.LoadOrCreate(_home.Path);

        second.Created.Should().BeFalse();
        second.Matches(text).Should().BeTrue();
    }

    [Test]
    public void LoadOrCreate_TwoHomes_GetDifferentTokens()
    {
        using var other = new TempDirectory("token");
        var a = ApiToken.LoadOrCreate(_home.Path);

        var b = ApiToken.LoadOrCreate(other.Path);

        b.Matches(File.ReadAllText(a.Path).Trim()).Should().BeFalse();
    }

    [TestCase("")]
    [TestCase("Bearer")]
    [TestCase("almost")]
    public void Matches_WrongOrShortValue_IsFalse(string presented)
    {
        var token = ApiToken.LoadOrCreate(_home.Path);

        token.Matches(presented).Should().BeFalse();
        token.Matches(File.ReadAllText(token.Path).Trim() + "x").Should().BeFalse();
    }

    [Test]
    public void ToString_NamesTheFileButNeverTheValue()
    {
        var token = ApiToken.LoadOrCreate(_home.Path);

        token.ToString().Should().Contain(token.Path).And.NotContain(File.ReadAllText(token.Path).Trim());
    }

    [Test]
    public void LoadOrCreate_FileReadableByOthers_IsSetBackTo0600()
    {
        var path = _home.Write("token", new string('k', 43) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var token = ApiToken.LoadOrCreate(_home.Path);

        token.Tightened.Should().BeTrue();
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        token.Matches(new string('k', 43)).Should().BeTrue();
    }

    [Test]
    public void LoadOrCreate_FileWithTooShortAToken_IsRefusedWithWhatToDo()
    {
        _home.Write("token", "short\n");

        var act = () => ApiToken.LoadOrCreate(_home.Path);

        act.Should().Throw<InvalidDataException>().WithMessage("*does not hold an API token*delete it and restart*");
    }
}
