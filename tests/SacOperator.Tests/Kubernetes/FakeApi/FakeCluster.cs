using System.Globalization;
using System.Text.Json.Nodes;
using SacOperator.Kubernetes.Api;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>
/// The object store of the stand-in API server, with the semantics our code and kubectl rely on:
/// one global, increasing resourceVersion; optimistic concurrency (409 on a stale version);
/// generation bumped only by changes outside metadata and status; the status subresource (the main
/// resource ignores status, /status ignores everything else); finalizers (DELETE only sets
/// deletionTimestamp while any remain, the object goes when the last is removed; none may be added
/// once deleting); no-op writes change nothing; schema defaulting, pruning and validation.
/// </summary>
public sealed partial class FakeCluster(IReadOnlyList<FakeResourceType> types, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<(FakeResourceType Type, string Ns, string Name), JsonObject> _objects = [];
    private long _revision = 1000;

    public IReadOnlyList<FakeResourceType> Types { get; } = types;

    public long Revision
    {
        get
        {
            lock (_lock)
            {
                return _revision;
            }
        }
    }

    public FakeResourceType? Find(string group, string version, string plural) =>
        Types.FirstOrDefault(t => t.Group == group && t.Version == version && t.Plural == plural);

    public FakeResourceType Type(ApiResource resource) => Find(resource.Group, resource.Version, resource.Plural)
        ?? throw new ArgumentException($"the stand-in does not serve {resource}");

    public JsonObject? Peek(FakeResourceType type, string ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue((type, ns, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public JsonObject Get(FakeResourceType type, string ns, string name) =>
        Peek(type, ns, name) ?? throw FakeApiException.NotFound(type, name);

    public (List<JsonObject> Items, long Revision) List(FakeResourceType type, string? ns, string? nameSelector)
    {
        lock (_lock)
        {
            var items = _objects
                .Where(o => o.Key.Type == type && (ns is null || o.Key.Ns == ns) && (nameSelector is null || o.Key.Name == nameSelector))
                .OrderBy(o => o.Key.Ns, StringComparer.Ordinal).ThenBy(o => o.Key.Name, StringComparer.Ordinal)
                .Select(o => (JsonObject)o.Value.DeepClone())
                .ToList();
            return (items, _revision);
        }
    }

    public JsonObject Create(FakeResourceType type, string ns, JsonObject body, FieldValidation validation, string manager, List<string>? warnings = null)
    {
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        if (metadata["name"]?.GetValue<string>() is not { Length: > 0 } && metadata["generateName"]?.GetValue<string>() is { } prefix)
        {
            metadata["name"] = prefix + Guid.NewGuid().ToString("N")[..5];
        }

        var name = metadata["name"]?.GetValue<string>() ?? throw new FakeApiException(422, "Invalid", "metadata.name: Required value: name or generateName is required");
        if (metadata["namespace"]?.GetValue<string>() is { } bodyNs && bodyNs != ns)
        {
            throw FakeApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        body["apiVersion"] = type.ApiVersion;
        body["kind"] = type.Kind;
        Validate(type, name, body, validation, warnings);
        metadata["namespace"] = ns;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Timestamp();
        metadata["generation"] = 1L;
        metadata.Remove("deletionTimestamp");
        metadata.Remove("resourceVersion");
        if (type.HasStatus)
        {
            body.Remove("status");
        }

        Touch(metadata, manager, "Update");
        lock (_lock)
        {
            if (_objects.ContainsKey((type, ns, name)))
            {
                throw FakeApiException.AlreadyExists(type, name);
            }

            return Commit(type, ns, name, body, WatchEventTypes.Added);
        }
    }

    /// <summary>PUT, or a patch already applied to the current object: the full desired object.</summary>
    public JsonObject Update(FakeResourceType type, string ns, string name, Func<JsonObject, JsonObject> change, bool statusOnly, FieldValidation validation, string manager, List<string>? warnings = null)
    {
        lock (_lock)
        {
            var current = _objects.GetValueOrDefault((type, ns, name)) ?? throw FakeApiException.NotFound(type, name);
            var candidate = change((JsonObject)current.DeepClone());
            var wanted = candidate["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(wanted) && wanted != current["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                throw FakeApiException.Conflict(type, name);
            }

            var result = statusOnly ? StatusOf(current, candidate) : MainOf(type, current, candidate, name);
            Validate(type, name, result, validation, warnings);
            var metadata = result["metadata"]!.AsObject();
            if (!statusOnly && !JsonNode.DeepEquals(Content(current), Content(result)))
            {
                metadata["generation"] = current["metadata"]!["generation"]!.GetValue<long>() + 1;
            }

            if (JsonNode.DeepEquals(WithoutVolatile(current), WithoutVolatile(result)))
            {
                return (JsonObject)current.DeepClone();
            }

            Touch(metadata, manager, "Update");
            var deleting = metadata["deletionTimestamp"] is not null;
            var finalizers = metadata["finalizers"] as JsonArray;
            return deleting && (finalizers is null || finalizers.Count == 0)
                ? Commit(type, ns, name, null, WatchEventTypes.Deleted, result)
                : Commit(type, ns, name, result, WatchEventTypes.Modified);
        }
    }

    public JsonObject Delete(FakeResourceType type, string ns, string name)
    {
        lock (_lock)
        {
            var current = _objects.GetValueOrDefault((type, ns, name)) ?? throw FakeApiException.NotFound(type, name);
            var metadata = current["metadata"]!.AsObject();
            if (metadata["deletionTimestamp"] is not null)
            {
                return (JsonObject)current.DeepClone();
            }

            if (metadata["finalizers"] is JsonArray { Count: > 0 })
            {
                var marked = (JsonObject)current.DeepClone();
                marked["metadata"]!["deletionTimestamp"] = Timestamp();
                marked["metadata"]!["deletionGracePeriodSeconds"] = 0;
                return Commit(type, ns, name, marked, WatchEventTypes.Modified);
            }

            return Commit(type, ns, name, null, WatchEventTypes.Deleted, current);
        }
    }

    /// <summary>Stores (or removes) the object under a new revision and tells the watches.</summary>
    private JsonObject Commit(FakeResourceType type, string ns, string name, JsonObject? obj, string eventType, JsonObject? removed = null)
    {
        _revision++;
        var version = _revision.ToString(CultureInfo.InvariantCulture);
        var subject = (JsonObject)(obj ?? removed!).DeepClone();
        subject["metadata"]!["resourceVersion"] = version;
        subject = (JsonObject)JsonNode.Parse(subject.ToJsonString())!;
        if (obj is null)
        {
            _objects.Remove((type, ns, name));
        }
        else
        {
            _objects[(type, ns, name)] = (JsonObject)subject.DeepClone();
        }

        Publish(type, ns, name, eventType, subject);
        return subject;
    }

    private static JsonObject StatusOf(JsonObject current, JsonObject candidate)
    {
        var result = (JsonObject)current.DeepClone();
        if (candidate["status"] is { } status)
        {
            result["status"] = status.DeepClone();
        }
        else
        {
            result.Remove("status");
        }

        return result;
    }

    private static JsonObject MainOf(FakeResourceType type, JsonObject current, JsonObject candidate, string name)
    {
        var result = (JsonObject)candidate.DeepClone();
        var before = current["metadata"]!.AsObject();
        var after = result["metadata"] as JsonObject ?? [];
        result["metadata"] = after;
        foreach (var owned in new[] { "uid", "creationTimestamp", "name", "namespace", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "resourceVersion", "managedFields" })
        {
            after.Remove(owned);
            if (before[owned] is { } value)
            {
                after[owned] = value.DeepClone();
            }
        }

        if (before["deletionTimestamp"] is not null)
        {
            var had = (before["finalizers"] as JsonArray ?? []).Select(f => f!.GetValue<string>()).ToHashSet();
            if ((after["finalizers"] as JsonArray ?? []).Any(f => !had.Contains(f!.GetValue<string>())))
            {
                throw FakeApiException.Invalid(type, name, ["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted"]);
            }
        }

        if (type.HasStatus)
        {
            result.Remove("status");
            if (current["status"] is { } status)
            {
                result["status"] = status.DeepClone();
            }
        }

        return result;
    }

    private static void Validate(FakeResourceType type, string name, JsonObject obj, FieldValidation validation, List<string>? warnings)
    {
        if (type.Schema is null)
        {
            return;
        }

        var result = SchemaValidator.Process(type.Schema, obj);
        if (result.UnknownFields.Count > 0 && validation == FieldValidation.Strict)
        {
            throw FakeApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: "
                + string.Join(", ", result.UnknownFields.Select(f => $"unknown field \"{f}\"")));
        }

        if (validation == FieldValidation.Warn)
        {
            warnings?.AddRange(result.UnknownFields.Select(f => $"unknown field \"{f}\""));
        }

        if (result.Errors.Count > 0)
        {
            throw FakeApiException.Invalid(type, name, result.Errors);
        }
    }

    /// <summary>What generation counts: everything but metadata and status.</summary>
    private static JsonObject Content(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static JsonObject WithoutVolatile(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        (copy["metadata"] as JsonObject)?.Remove("managedFields");
        (copy["metadata"] as JsonObject)?.Remove("resourceVersion");
        return copy;
    }

    /// <summary>A managedFields entry per writer, as the real server keeps one (its time changes on every write).</summary>
    private void Touch(JsonObject metadata, string manager, string operation)
    {
        var entries = metadata["managedFields"] as JsonArray ?? [];
        var mine = entries.OfType<JsonObject>().FirstOrDefault(e => e["manager"]?.GetValue<string>() == manager);
        if (mine is null)
        {
            mine = new JsonObject { ["manager"] = manager, ["operation"] = operation, ["fieldsType"] = "FieldsV1", ["fieldsV1"] = new JsonObject() };
            entries.Add(mine);
        }

        mine["time"] = time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        metadata["managedFields"] = entries;
    }

    private string Timestamp() => time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
