using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using SacOperator.Model;
using SacOperator.Operator.Cli;
using SacOperator.Operator.Turns;
using SacOperator.State;
using SacOperator.Stores;

namespace SacOperator.Operator.A2a;

/// <summary>
/// What one agent's A2A inbound answers, with sac's paths and shapes:
/// <c>POST /v1/turn</c> (also <c>/agents/{name}/turn</c> and <c>/send</c>, another name → 404)
/// sends a user turn and waits for its result: 200 <c>{text, session_id, exit_after, metadata}</c>,
/// 504 <c>{error, timeout_s, session_id}</c> when no result comes in time, 502 when the result is an
/// error, 400 for a bad body, and 503 with the phase when the agent is not running (sac had no
/// sidecar then: its callers saw the port closed). <c>GET /health</c> and the agent card complete it.
/// Turns share <see cref="TurnSender"/> with <c>sacop send</c>: one at a time per agent, in order.
/// </summary>
public sealed class A2aHandler(TurnSender turns, StateStore state, IResourceStore store, TimeSpan turnTimeout)
{
    /// <summary>Reads a request of <paramref name="key"/>'s port (its body up to <see cref="A2aTurnRequest.MaxBodyBytes"/>) and answers it.</summary>
    public async Task<A2aReply> HandleAsync(ResourceKey key, HttpListenerRequest request, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await request.InputStream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            body.Write(buffer, 0, read);
            if (body.Length > A2aTurnRequest.MaxBodyBytes)
            {
                return A2aReply.Error(413, $"the body is larger than {A2aTurnRequest.MaxBodyBytes} bytes");
            }
        }

        return await HandleAsync(key, request.Url!, request.HttpMethod, body.GetBuffer().AsMemory(0, (int)body.Length), cancellationToken).ConfigureAwait(false);
    }

    public async Task<A2aReply> HandleAsync(ResourceKey key, Uri url, string method, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var path = url.AbsolutePath.TrimEnd('/');
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var named = segments is ["agents", var name, ..] ? name : null;
        if (named is not null && named != key.Name)
        {
            return A2aReply.Error(404, $"this port serves agent '{key.Name}', not '{named}'");
        }

        var (route, allowed) = segments switch
        {
            ["health"] => ("health", "GET"),
            [".well-known", "agent-card.json"] or ["agents", _, "card"] or ["agents", _, ".well-known", "agent-card.json"] => ("card", "GET"),
            ["v1", "turn"] or ["agents", _, "turn"] or ["agents", _, "send"] => ("turn", "POST"),
            _ => (null, null),
        };
        if (route is null)
        {
            return A2aReply.Error(404, $"no such path: {path}; this agent's inbound serves POST /v1/turn, GET /health and GET /.well-known/agent-card.json");
        }

        if (method != allowed)
        {
            return A2aReply.Error(405, $"{path} takes {allowed}, not {method}");
        }

        return route switch
        {
            "health" => new A2aReply(200, new JsonObject { ["status"] = "ok" }),
            "card" => Card(key, url),
            _ => await TurnAsync(key, body, cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<A2aReply> TurnAsync(ResourceKey key, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var (request, problem) = A2aTurnRequest.Parse(body.Span);
        if (request is null)
        {
            return A2aReply.Error(400, problem!);
        }

        var seconds = turnTimeout.TotalSeconds;
        var outcome = await turns.SendAsync(key, request.Text, wait: true, turnTimeout, cancellationToken).ConfigureAwait(false);
        switch (outcome.State)
        {
            case TurnState.Answered:
                var sessionId = outcome.Result!["session_id"]?.GetValue<string>() ?? SessionId(key);
                if (outcome.Result["is_error"] is JsonValue error && error.TryGetValue<bool>(out var isError) && isError)
                {
                    return new A2aReply(502, new JsonObject
                    {
                        ["error"] = outcome.Text ?? outcome.Result["subtype"]?.GetValue<string>() ?? "the turn ended with an error",
                        ["session_id"] = sessionId,
                    });
                }

                var metadata = new JsonObject { ["timeout_s"] = seconds };
                if (request.ExitAfter && Stop(key) is { } stopProblem)
                {
                    metadata["exit_after_error"] = stopProblem;
                }

                return new A2aReply(200, new JsonObject
                {
                    ["text"] = outcome.Text ?? "",
                    ["session_id"] = sessionId,
                    ["exit_after"] = request.ExitAfter,
                    ["metadata"] = metadata,
                });
            case TurnState.TimedOut:
                return new A2aReply(504, new JsonObject
                {
                    ["error"] = $"no reply within {seconds.ToString(CultureInfo.InvariantCulture)} s; the turn may still complete",
                    ["timeout_s"] = seconds,
                    ["session_id"] = SessionId(key),
                });
            default:
                var phase = outcome.Phase ?? "Unknown";
                return new A2aReply(503, new JsonObject
                {
                    ["error"] = $"agent '{key.Name}' is not running (phase {phase})",
                    ["phase"] = phase,
                });
        }
    }

    /// <summary><c>exit_after</c>: the agent is stopped as <c>sacop stop</c> stops it (kept stopped, in its spec file).</summary>
    private string? Stop(ResourceKey key) =>
        state.GetResource(key) is { } row ? SpecSuspension.Apply(row, SpecToggle.Stop).Problem : $"agent '{key.Name}' is no longer known";

    private string? SessionId(ResourceKey key) => state.GetAgent(key)?.SessionId;

    /// <summary>A card built from the spec alone, as sac builds it: name, description and skills from labels.</summary>
    private A2aReply Card(ResourceKey key, Uri url)
    {
        var labels = store.Cache.Snapshot.Get(key)?.Resource?.Metadata.Labels ?? ObjectMeta.NoLabels;
        var endpoint = $"{url.Scheme}://{url.Authority}/";
        var skills = new JsonArray();
        foreach (var skill in labels.GetValueOrDefault("skills", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            skills.Add(new JsonObject { ["id"] = skill, ["name"] = skill });
        }

        return new A2aReply(200, new JsonObject
        {
            ["name"] = key.Name,
            ["description"] = labels.GetValueOrDefault("description", ""),
            ["url"] = endpoint,
            ["protocolVersion"] = "1.0",
            ["supportedInterfaces"] = new JsonArray(new JsonObject { ["url"] = endpoint, ["protocolBinding"] = "HTTP+JSON" }),
            ["defaultInputModes"] = new JsonArray("text/plain"),
            ["defaultOutputModes"] = new JsonArray("text/plain"),
            ["skills"] = skills,
        });
    }
}
