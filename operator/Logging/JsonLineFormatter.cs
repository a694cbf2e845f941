using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace SacOperator.Operator.Logging;

/// <summary>
/// <c>--log-format json</c>: one flat JSON object per line, e.g.
/// <c>{"timestamp":"2026-01-02T03:04:05.678Z","level":"Warning","eventId":1002,"eventName":"LogFailed",
/// "category":"SacOperator.Engine.Controller","message":"…","Controller":"Agent","Kind":"Agent","Name":"a","ReconcileId":7,"Key":"Agent/a","Attempt":2}</c>.
/// The envelope is lower-case; the structured fields keep the names the code gives them (scope
/// first — Controller, Kind, Namespace (Kubernetes mode), Name, ReconcileId — then the message
/// template's own), so a field can be found in the source by its name. Only what the code chose to log appears: no state is dumped.
/// </summary>
public sealed class JsonLineFormatter(TimeProvider time) : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "sacop-json";

    private const string OriginalFormat = "{OriginalFormat}";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var fields = new List<KeyValuePair<string, object?>>();
        scopeProvider?.ForEachScope(static (scope, list) => Collect(scope, list), fields);
        Collect(logEntry.State, fields);

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("timestamp", time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteNumber("eventId", logEntry.EventId.Id);
            if (!string.IsNullOrEmpty(logEntry.EventId.Name))
            {
                json.WriteString("eventName", logEntry.EventId.Name);
            }

            json.WriteString("category", logEntry.Category);
            json.WriteString("message", message);
            var written = new HashSet<string>(StringComparer.Ordinal) { "timestamp", "level", "eventId", "eventName", "category", "message", "exception" };
            for (var i = fields.Count - 1; i >= 0; i--)
            {
                // The entry's own fields come last and win over a scope field of the same name.
                if (!written.Add(fields[i].Key))
                {
                    fields.RemoveAt(i);
                }
            }

            foreach (var (key, value) in fields)
            {
                WriteValue(json, key, value);
            }

            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", exception.ToString());
            }

            json.WriteEndObject();
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
    }

    private static void Collect(object? state, List<KeyValuePair<string, object?>> fields)
    {
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var pair in pairs)
            {
                if (pair.Key != OriginalFormat)
                {
                    fields.Add(pair);
                }
            }
        }
    }

    private static void WriteValue(Utf8JsonWriter json, string key, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNull(key);
                break;
            case bool b:
                json.WriteBoolean(key, b);
                break;
            case int or long or short or byte or uint or ulong or ushort:
                json.WriteNumber(key, Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            case double d when double.IsFinite(d):
                json.WriteNumber(key, d);
                break;
            case DateTimeOffset at:
                json.WriteString(key, at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                json.WriteNumber(key + "Seconds", span.TotalSeconds);
                break;
            case IFormattable formattable:
                json.WriteString(key, formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                json.WriteString(key, value.ToString());
                break;
        }
    }
}
