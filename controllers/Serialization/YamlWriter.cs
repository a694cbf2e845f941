using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SacOperator.Serialization;

/// <summary>Renders JSON nodes as block-style YAML, quoting only where YAML needs it.</summary>
public static class YamlWriter
{
    public static string Write(JsonNode? node)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer);
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, isImplicit: true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(isImplicit: true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    public static string WriteAll(IEnumerable<JsonNode?> documents) =>
        string.Join("---\n", documents.Select(Write));

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                emitter.Emit(new MappingStart(null, null, isImplicit: true, MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    emitter.Emit(new Scalar(key));
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, isImplicit: true, SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                emitter.Emit(new Scalar(null, null, text, NeedsQuotes(text) ? ScalarStyle.DoubleQuoted : ScalarStyle.Any, true, true));
                break;
            case JsonValue value:
                emitter.Emit(new Scalar(value.ToJsonString()));
                break;
            default:
                emitter.Emit(new Scalar("null"));
                break;
        }
    }

    /// <summary>Strings that would otherwise read back as another type (numbers, booleans, null) are quoted.</summary>
    private static bool NeedsQuotes(string text) =>
        text.Length == 0
        || text is "true" or "false" or "yes" or "no" or "on" or "off" or "null" or "~"
            or "True" or "False" or "Yes" or "No" or "On" or "Off" or "Null"
        || double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);
}
