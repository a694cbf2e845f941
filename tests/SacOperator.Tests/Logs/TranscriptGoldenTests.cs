using System.Text;
using FluentAssertions;
using NUnit.Framework;
using SacOperator.Operator.Transcript;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Logs;

/// <summary>How <c>sacop logs</c> renders a session.jsonl for people (golden: testdata/transcript).</summary>
[TestFixture]
public sealed class TranscriptGoldenTests
{
    private static string Dir => Path.Combine(Repo.TestData, "transcript");

    [Test]
    public void Render_SessionWithEveryKindOfEvent_MatchesGolden()
    {
        var rendered = File.ReadAllLines(Path.Combine(Dir, "session.jsonl")).Select(TranscriptLine.Render);

        Golden.Check(Dir, "rendered.txt", string.Join("\n", rendered) + "\n");
    }

    [Test]
    public void RenderingStream_LinesSplitAcrossWrites_RendersEachOnceAndPassesPlainLines()
    {
        using var inner = new MemoryStream();
        using var stream = new RenderingStream(inner);
        var bytes = Encoding.UTF8.GetBytes("{\"type\":\"user\",\"message\":{\"content\":\"hi\"}}\nplain\npartial");

        stream.Write(bytes, 0, 10);
        stream.Write(bytes, 10, bytes.Length - 10);
        var beforeComplete = Encoding.UTF8.GetString(inner.ToArray());
        stream.Complete();

        beforeComplete.Should().Be("user: hi\nplain\n");
        Encoding.UTF8.GetString(inner.ToArray()).Should().Be("user: hi\nplain\npartial\n");
    }
}
