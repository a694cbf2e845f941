using System.Text.Json;
using System.Text.Json.Serialization;
using SacOperator.Model;

namespace SacOperator.Serialization;

/// <summary>A <see cref="BindMount"/> is the string it was written as (the manifest syntax, and what spec hashes were computed from).</summary>
public sealed class BindMountJsonConverter : JsonConverter<BindMount>
{
    public override BindMount Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? BindMount.Parse(reader.GetString()!)
            : throw new JsonException("a bind is a string host[:container[:ro|rw]]");

    public override void Write(Utf8JsonWriter writer, BindMount value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
