using System.Text.Json.Nodes;
using FluentAssertions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NUnit.Framework;
using SacOperator.Operator.Logging;
using SacOperator.Tests.TestSupport;

namespace SacOperator.Tests.Telemetry;

[TestFixture]
public sealed partial class JsonLineFormatterTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));

    [Test]
    public void Write_EntryInAReconcileScope_IsOneFlatJsonLine()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object> { ["Kind"] = "Agent", ["Name"] = "a", ["ReconcileId"] = 7L });

        var line = Write(scopes, LogLevel.Warning, new EventId(1002, "LogFailed"), "Reconcile of {Key} failed (attempt {Attempt})", ("Key", "Agent/a"), ("Attempt", 2));

        line.Should().EndWith("\n").And.NotContain("\n\n");
        var json = JsonNode.Parse(line)!.AsObject();
        json.Select(p => p.Key).Should().Equal("timestamp", "level", "eventId", "eventName", "category", "message", "Kind", "Name", "ReconcileId", "Key", "Attempt");
        json["timestamp"]!.GetValue<string>().Should().Be("2026-01-02T03:04:05.678Z");
        json["level"]!.GetValue<string>().Should().Be("Warning");
        json["eventId"]!.GetValue<int>().Should().Be(1002);
        json["message"]!.GetValue<string>().Should().Be("Reconcile of Agent/a failed (attempt 2)");
        json["ReconcileId"]!.GetValue<long>().Should().Be(7);
        json["Attempt"]!.GetValue<int>().Should().Be(2);
    }

    [Test]
    public void Write_FieldInBothScopeAndEntry_TheEntrysValueWins()
    {
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object> { ["Name"] = "outer" });

        var json = JsonNode.Parse(Write(scopes, LogLevel.Information, new EventId(1), "{Name} done", ("Name", "inner")))!.AsObject();

        json["Name"]!.GetValue<string>().Should().Be("inner");
        json.Count(p => p.Key == "Name").Should().Be(1);
    }

    [Test]
    public void Write_WithException_AddsItAndEscapesText()
    {
        var json = JsonNode.Parse(Write(null, LogLevel.Error, new EventId(9), "quote \" and\nnewline", exception: new InvalidOperationException("boom")))!.AsObject();

        json["message"]!.GetValue<string>().Should().Be("quote \" and\nnewline");
        json["exception"]!.GetValue<string>().Should().Contain("InvalidOperationException: boom");
    }

    private string Write(IExternalScopeProvider? scopes, LogLevel level, EventId id, string format, params (string Key, object? Value)[] fields) =>
        Write(scopes, level, id, format, null, fields);

    private string Write(IExternalScopeProvider? scopes, LogLevel level, EventId id, string format, Exception? exception, params (string Key, object? Value)[] fields)
    {
        var state = fields.Select(f => new KeyValuePair<string, object?>(f.Key, f.Value)).Append(new("{OriginalFormat}", format)).ToList();
        var message = fields.Aggregate(format, (text, f) => text.Replace("{" + f.Key + "}", Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)));
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(level, "SacOperator.Test", id, state, exception, (_, _) => message);
        using var writer = new StringWriter();
        new JsonLineFormatter(_time).Write(entry, scopes, writer);
        return writer.ToString();
    }
}
