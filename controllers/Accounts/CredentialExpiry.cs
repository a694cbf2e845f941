using System.Text.Json;

namespace SacOperator.Accounts;

/// <summary>
/// The expiry of OAuth credentials: <c>claudeAiOauth.expiresAt</c> (milliseconds since the epoch)
/// from Claude Code's <c>.credentials.json</c>, and nothing else. The file is walked token by token
/// and every other value is skipped unread, so no token is ever decoded into a string, logged or
/// kept. As in sac's boot picker, a past expiry makes the account Expired: a running agent's Claude
/// Code refreshes its own account (and rewrites the file), parked accounts are refreshed by sac's
/// cron (one account, one refresher), so a past expiry means nobody keeps it alive.
/// </summary>
public static class CredentialExpiry
{
    public const string FileName = ".credentials.json";

    /// <summary>The expiry; null with no problem when the file holds no OAuth credentials (an API key, say).</summary>
    public static (DateTimeOffset? ExpiresAt, string? Problem) Parse(string path, ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, $"{path}: not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var oauth = reader.ValueTextEquals("claudeAiOauth"u8);
                reader.Read();
                if (oauth && reader.TokenType == JsonTokenType.StartObject)
                {
                    return ExpiresAt(path, ref reader);
                }

                reader.Skip();
            }

            return (null, null);
        }
        catch (JsonException e)
        {
            return (null, $"{path}: not valid JSON (line {e.LineNumber + 1})");
        }
    }

    private static (DateTimeOffset?, string?) ExpiresAt(string path, ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = reader.ValueTextEquals("expiresAt"u8);
            reader.Read();
            if (!wanted)
            {
                reader.Skip();
                continue;
            }

            return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var ms) && ms is > 0 and < 253402300799999
                ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), null)
                : (null, $"{path}: claudeAiOauth.expiresAt is not a time in milliseconds");
        }

        return (null, $"{path}: claudeAiOauth has no expiresAt");
    }
}
