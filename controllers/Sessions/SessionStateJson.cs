using System.Text.Json;
using System.Text.Json.Serialization;

namespace SacOperator.Sessions;

/// <summary>
/// The persisted form of a <see cref="SessionState"/> (session_offsets.state_json). Reading never
/// throws: an unreadable snapshot yields null, and the caller starts the stream over.
/// </summary>
public static class SessionStateJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Write(SessionState state) => JsonSerializer.Serialize(state, Options);

    public static SessionState? Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<SessionState>(json, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
