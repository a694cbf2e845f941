using System.Text.Json;
using System.Text.Json.Serialization;
using SacOperator.Parsing;

namespace SacOperator.Serialization;

/// <summary>Writes durations as Kubernetes-style strings (<c>30s</c>); reads strings or whole seconds.</summary>
public sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return TimeSpan.FromSeconds(reader.GetDouble());
        }

        var text = reader.GetString() ?? "";
        if (DurationFormat.TryParse(text, out var value))
        {
            return value;
        }

        // Stored records written by older releases may hold a negative duration ("-1ms"): read it, callers clamp.
        return text.StartsWith('-') && DurationFormat.TryParse(text[1..], out var negative)
            ? -negative
            : throw new JsonException($"'{text}' is not a duration such as 30s, 5m or 1h30m");
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(DurationFormat.Format(value));
}
