using FluentAssertions;
using NUnit.Framework;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Status;

/// <summary>What reaches the state DB (and so <c>sacop get</c>, <c>describe</c>, <c>events</c>) is a few KB, however long the text given.</summary>
[TestFixture]
public sealed class StatusTextCapTests
{
    private static readonly ResourceKey Alpha = ResourceKey.Agent("alpha");

    private TempDirectory _dir = null!;
    private StateStore _state = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = new TempDirectory("statuscap");
        _state = StateStore.Open(_dir.Combine("state.db"));
    }

    [TearDown]
    public void TearDown()
    {
        _state.Dispose();
        _dir.Dispose();
    }

    [Test]
    public async Task LocalStatusWriter_HugeMessage_IsStoredCapped()
    {
        var writer = new LocalStatusWriter(_state, TimeProvider.System);
        var huge = string.Join("; ", Enumerable.Range(0, 20_000).Select(i => $"agents/loop/spec.yaml:{i}: duplicate"));

        await writer.WriteAsync(Alpha, null, new AgentStatus { Phase = AgentPhases.Invalid, Message = huge }, CancellationToken.None);

        _state.GetResource(Alpha)!.StatusJson!.Length.Should().BeLessThan(2 * StatusText.MaxLength);
        writer.Current(Alpha)!.Message!.Length.Should().BeLessThanOrEqualTo(StatusText.MaxLength);
        new LocalStatusWriter(_state, TimeProvider.System).Current(Alpha)!.Message.Should().EndWith("more characters");
    }

    [Test]
    public void StateEventRecorder_HugeMessage_IsRecordedCapped()
    {
        var recorder = new StateEventRecorder(_state, TimeProvider.System);

        recorder.Record(Alpha, "Warning", "InvalidSpec", new string('e', 800_000));

        _state.ListEvents(Alpha).Single().Message.Length.Should().BeLessThanOrEqualTo(StatusText.MaxLength);
    }
}
