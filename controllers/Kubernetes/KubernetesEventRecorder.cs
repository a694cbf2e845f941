using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SacOperator.Kubernetes.Api;
using SacOperator.Model;
using SacOperator.Status;

namespace SacOperator.Kubernetes;

/// <summary>
/// Records events in the local state DB (for <c>sacop events</c>) and posts them as
/// <c>events.k8s.io/v1</c> Events about the object (for <c>kubectl describe</c> and
/// <c>kubectl events</c>). Posting is best effort and off the reconcile path: a bounded queue
/// (oldest dropped when full) drained by a background loop; the same event repeated within
/// <see cref="DedupeWindow"/> is posted once.
/// </summary>
public sealed partial class KubernetesEventRecorder(
    IEventRecorder local,
    IKubernetesApi api,
    ObservedObjects objects,
    string reportingInstance,
    TimeProvider time,
    KubernetesMetrics metrics,
    ILogger<KubernetesEventRecorder> logger) : BackgroundService, IEventRecorder
{
    public const string ReportingController = "sacoperator.dev/sacop";

    public static readonly TimeSpan DedupeWindow = TimeSpan.FromMinutes(10);

    private const int MaxNoteBytes = 1024;

    private readonly Channel<JsonObject> _queue = Channel.CreateBounded<JsonObject>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Dictionary<(ResourceKey, string, string, string), DateTimeOffset> _recent = [];
    private long _sequence;

    public void Record(ResourceKey key, string type, string reason, string message)
    {
        local.Record(key, type, reason, message);
        if (objects.Get(key) is not { Uid: not null } observed)
        {
            return;
        }

        var now = time.GetUtcNow();
        lock (_recent)
        {
            if (_recent.TryGetValue((key, type, reason, message), out var last) && now - last < DedupeWindow)
            {
                metrics.EventsPosted.Add(1, new KeyValuePair<string, object?>("result", "deduplicated"));
                return;
            }

            _recent[(key, type, reason, message)] = now;
            if (_recent.Count > 10_000)
            {
                foreach (var old in _recent.Where(r => now - r.Value >= DedupeWindow).Select(r => r.Key).ToList())
                {
                    _recent.Remove(old);
                }
            }
        }

        if (!_queue.Writer.TryWrite(Build(observed, type, reason, message, now)))
        {
            metrics.EventsPosted.Add(1, new KeyValuePair<string, object?>("result", "dropped"));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var item in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var ns = ObjectJson.Namespace(item);
            try
            {
                await api.CreateAsync(ApiResources.Events, ns, item, stoppingToken).ConfigureAwait(false);
                metrics.EventsPosted.Add(1, new KeyValuePair<string, object?>("result", "posted"));
            }
            catch (Exception e) when (e is KubernetesApiException or HttpRequestException or IOException or TimeoutException)
            {
                metrics.EventsPosted.Add(1, new KeyValuePair<string, object?>("result", "failed"));
                LogPostFailed(logger, item["regarding"]?["name"]?.GetValue<string>() ?? "", item["reason"]?.GetValue<string>() ?? "", e.Message);
            }
        }
    }

    private JsonObject Build(ObservedObject observed, string type, string reason, string message, DateTimeOffset now)
    {
        var key = observed.Key;
        var resource = ApiResources.ForKind(key.Kind);
        var suffix = ((now.ToUnixTimeMilliseconds() * 1000) + (Interlocked.Increment(ref _sequence) % 1000)).ToString("x", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["apiVersion"] = ApiResources.Events.ApiVersion,
            ["kind"] = ApiResources.Events.Kind,
            ["metadata"] = new JsonObject { ["name"] = $"{key.Name}.{suffix}", ["namespace"] = key.Namespace },
            ["eventTime"] = MicroTime.Format(now),
            ["reportingController"] = ReportingController,
            ["reportingInstance"] = reportingInstance,
            ["action"] = "Reconcile",
            ["reason"] = reason.Length > 128 ? reason[..128] : reason,
            ["note"] = Truncate(message),
            ["type"] = type,
            ["regarding"] = new JsonObject
            {
                ["apiVersion"] = resource.ApiVersion,
                ["kind"] = resource.Kind,
                ["namespace"] = key.Namespace,
                ["name"] = key.Name,
                ["uid"] = observed.Uid,
                ["resourceVersion"] = observed.ResourceVersion,
            },
        };
    }

    private static string Truncate(string message)
    {
        if (Encoding.UTF8.GetByteCount(message) <= MaxNoteBytes)
        {
            return message;
        }

        var end = MaxNoteBytes - 3;
        while (Encoding.UTF8.GetByteCount(message.AsSpan(0, Math.Min(end, message.Length))) > MaxNoteBytes - 3)
        {
            end--;
        }

        return message[..end] + "…";
    }

    [LoggerMessage(6040, LogLevel.Debug, "Could not post the {Reason} event of {Name}: {Problem}")]
    private static partial void LogPostFailed(ILogger logger, string name, string reason, string problem);
}
