using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Agents;
using SacOperator.Model;
using SacOperator.State;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Operator.A2a;

/// <summary>
/// Serves sac's per-agent A2A inbound for every valid Agent of this host whose spec asks for one:
/// one loopback port per agent, bound while the spec says so (whether the agent runs or not: a
/// caller of a stopped agent gets its phase), dropped when the spec does. Ports come and go at
/// run time, which is why this is one <see cref="HttpListener"/> with a prefix per port and not
/// the API's Kestrel server (decision 0024). A port that cannot be bound is an event on the agent
/// and retried; it never touches the agent's process.
/// </summary>
public sealed partial class A2aInbound(
    IResourceStore store,
    A2aHandler handler,
    A2aPortBook book,
    IEventRecorder events,
    AgentControllerOptions agents,
    ILogger<A2aInbound> logger) : BackgroundService
{
    /// <summary>Ports that could not be bound are tried again this often, or at the next spec change.</summary>
    public static readonly TimeSpan Retry = TimeSpan.FromSeconds(30);

    private const int AttemptsPerSync = 16;

    private readonly HttpListener _listener = new() { IgnoreWriteExceptions = true };
    private readonly SemaphoreSlim _changed = new(0);
    private readonly ConcurrentDictionary<int, ResourceKey> _byPort = new();

    // Touched only by the sync loop.
    private readonly Dictionary<ResourceKey, Served> _served = [];
    private readonly Dictionary<ResourceKey, string> _problems = [];

    /// <summary>The port the agent's inbound is served on now, if any.</summary>
    public int? PortOf(ResourceKey key)
    {
        foreach (var (port, holder) in _byPort)
        {
            if (holder == key)
            {
                return port;
            }
        }

        return null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = store.Cache.Subscribe(key =>
        {
            if (key.Kind == ResourceKinds.Agent)
            {
                _changed.Release();
            }
        });
        _listener.Start();
        var accepting = AcceptAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                Sync();
                try
                {
                    await _changed.WaitAsync(Retry, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                while (_changed.Wait(0))
                {
                }
            }
        }
        finally
        {
            _listener.Close();
            await accepting.ConfigureAwait(false);
        }
    }

    private void Sync()
    {
        var snapshot = store.Cache.Snapshot;
        var desired = new Dictionary<ResourceKey, A2aSpec>();
        foreach (var stored in snapshot.OfKind(ResourceKinds.Agent))
        {
            if (stored is { IsValid: true, DeletionRequested: false, Resource: Agent { Spec.A2a: { } a2a } agent } && agents.IsThisHost(agent.Spec.Host))
            {
                desired[stored.Key] = a2a;
            }
        }

        foreach (var (key, served) in _served.ToList())
        {
            if (!desired.TryGetValue(key, out var spec) || spec != served.Spec)
            {
                Unserve(key, served);
            }
        }

        foreach (var key in book.Keys().Where(k => snapshot.Get(k) is null))
        {
            book.Forget(key);
        }

        foreach (var key in _problems.Keys.Where(k => !desired.ContainsKey(k)).ToList())
        {
            _problems.Remove(key);
        }

        foreach (var (key, spec) in desired)
        {
            if (!_served.ContainsKey(key))
            {
                Serve(key, spec);
            }
        }
    }

    private void Serve(ResourceKey key, A2aSpec spec)
    {
        var unusable = new HashSet<int>(_byPort.Keys);
        string? problem = null;
        for (var attempt = 0; attempt < AttemptsPerSync; attempt++)
        {
            var port = spec.Port ?? book.Choose(key, unusable);
            if (port is not { } chosen)
            {
                problem = "no free port is left in the operator's A2A range (sacop run --a2a-ports)";
                break;
            }

            if (_byPort.TryGetValue(chosen, out var holder))
            {
                problem = $"port {chosen} is already the A2A inbound of agent/{holder.Name}";
                break;
            }

            var prefixes = Prefixes(spec.Host, chosen);
            if (TryAdd(prefixes, out var error))
            {
                _byPort[chosen] = key;
                _served[key] = new Served(spec, chosen, prefixes);
                if (spec.Port is null)
                {
                    book.Record(key, chosen);
                }

                _problems.Remove(key);
                var url = prefixes[0];
                events.Record(key, EventTypes.Normal, "A2AListening", $"serving POST /v1/turn on {url}v1/turn");
                LogServing(logger, key.ToString(), url);
                return;
            }

            unusable.Add(chosen);
            problem = $"port {chosen} cannot be bound ({error})";
            if (spec.Port is not null)
            {
                break;
            }
        }

        if (_problems.GetValueOrDefault(key) != problem)
        {
            _problems[key] = problem!;
            events.Record(key, EventTypes.Warning, "A2APortUnavailable", $"{problem}; retried every {Retry.TotalSeconds:0} s");
            LogUnavailable(logger, key.ToString(), problem!);
        }
    }

    private void Unserve(ResourceKey key, Served served)
    {
        foreach (var prefix in served.Prefixes)
        {
            try
            {
                _listener.Prefixes.Remove(prefix);
            }
            catch (HttpListenerException)
            {
            }
        }

        _byPort.TryRemove(served.Port, out _);
        _served.Remove(key);
        LogStopped(logger, key.ToString(), served.Port);
    }

    private bool TryAdd(IReadOnlyList<string> prefixes, out string? error)
    {
        var added = new List<string>();
        try
        {
            foreach (var prefix in prefixes)
            {
                _listener.Prefixes.Add(prefix);
                added.Add(prefix);
            }

            error = null;
            return true;
        }
        catch (Exception e) when (e is HttpListenerException or System.Net.Sockets.SocketException)
        {
            foreach (var prefix in added)
            {
                _listener.Prefixes.Remove(prefix);
            }

            error = e.Message;
            return false;
        }
    }

    /// <summary>The listener matches the request's Host header: a loopback port answers to both names of IPv4 loopback.</summary>
    private static IReadOnlyList<string> Prefixes(string host, int port) => host switch
    {
        "::1" => [$"http://[::1]:{port}/"],
        _ => [$"http://127.0.0.1:{port}/", $"http://localhost:{port}/"],
    };

    private async Task AcceptAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or HttpListenerException or InvalidOperationException)
            {
                return;
            }

            _ = RespondAsync(context, stoppingToken);
        }
    }

    private async Task RespondAsync(HttpListenerContext context, CancellationToken stoppingToken)
    {
        var response = context.Response;
        try
        {
            var reply = await ReplyAsync(context, stoppingToken).ConfigureAwait(false);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(reply.Body);
            response.StatusCode = reply.Status;
            response.ContentType = "application/json";
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes, stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, context.Request.Url?.AbsolutePath ?? "", e.GetType().Name);
        }
        finally
        {
            response.Close();
        }
    }

    private Task<A2aReply> ReplyAsync(HttpListenerContext context, CancellationToken stoppingToken) =>
        _byPort.TryGetValue(context.Request.LocalEndPoint.Port, out var key)
            ? handler.HandleAsync(key, context.Request, stoppingToken)
            : Task.FromResult(A2aReply.Error(404, "this port serves no agent any more"));

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A2A inbound of {Agent} on {Url}")]
    private static partial void LogServing(ILogger logger, string agent, string url);

    [LoggerMessage(Level = LogLevel.Information, Message = "A2A inbound of {Agent} on port {Port} closed")]
    private static partial void LogStopped(ILogger logger, string agent, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A2A inbound of {Agent} not served: {Problem}")]
    private static partial void LogUnavailable(ILogger logger, string agent, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A2A request {Path} failed: {Error}")]
    private static partial void LogFailed(ILogger logger, string path, string error);

    private sealed record Served(A2aSpec Spec, int Port, IReadOnlyList<string> Prefixes);
}
