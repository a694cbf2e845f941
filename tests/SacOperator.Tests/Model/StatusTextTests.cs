using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;

namespace SacOperator.Tests.Model;

[TestFixture]
public sealed class StatusTextTests
{
    [Test]
    public void Join_FewItems_JoinsThemAll()
    {
        StatusText.Join("; ", ["a", "b", "c"]).Should().Be("a; b; c");
    }

    [Test]
    public void Join_ThousandItems_StaysWithinTheLimitAndSaysHowManyAreLeftOut()
    {
        var items = Enumerable.Range(0, 1000).Select(i => $"agents/loop/loop/hello-agent/spec.yaml:{i}").ToList();

        var text = StatusText.Join(", ", items);

        text.Length.Should().BeLessThanOrEqualTo(StatusText.ListLength);
        var shown = text.Split(", ").Count(part => part.StartsWith("agents/", StringComparison.Ordinal));
        text.Should().StartWith(items[0]).And.EndWith($", … and {1000 - shown} more");
        shown.Should().BeGreaterThan(10);
    }

    [Test]
    public void Join_OneHugeItemAmongOthers_IsCutAndTheOthersStillShown()
    {
        var text = StatusText.Join("; ", [new string('x', 10_000), "b", "c"], maxLength: 100);

        text.Length.Should().BeLessThanOrEqualTo(100);
        text.Should().StartWith("xxx").And.Contain("more characters").And.EndWith("; b; c");
    }

    [Test]
    public void Cap_LongText_IsCutSayingHowMuch()
    {
        var text = StatusText.Cap(new string('x', 10_000));

        text.Length.Should().BeLessThanOrEqualTo(StatusText.MaxLength);
        text.Should().EndWith($"… and {10_000 - (StatusText.MaxLength - 40)} more characters");
        StatusText.Cap("short").Should().Be("short");
    }

    [Test]
    public void Capped_StatusWithLongMessages_CapsTheMessageAndConditionMessages()
    {
        var huge = new string('e', 800_000);
        var status = new AgentStatus
        {
            Phase = AgentPhases.Invalid,
            Message = huge,
            Conditions = [new Condition { Type = "SpecValid", Status = "False", Reason = "InvalidSpec", Message = huge }],
        };

        var capped = (AgentStatus)StatusText.Capped(status);

        capped.Message!.Length.Should().BeLessThanOrEqualTo(StatusText.MaxLength);
        capped.Conditions.Single().Message.Length.Should().BeLessThanOrEqualTo(StatusText.MaxLength);
        capped.Phase.Should().Be(AgentPhases.Invalid);
        StatusText.Capped(capped).Should().BeSameAs(capped);
    }
}
