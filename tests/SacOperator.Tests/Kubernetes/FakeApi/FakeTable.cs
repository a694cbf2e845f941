using System.Globalization;
using System.Text.Json.Nodes;

namespace SacOperator.Tests.Kubernetes.FakeApi;

/// <summary>
/// The <c>meta.k8s.io/v1</c> Table kubectl asks for to print <c>kubectl get</c>: a Name column,
/// then the CRD's printer columns (simple <c>.a.b</c> JSON paths), with dates shown as ages.
/// </summary>
public static class FakeTable
{
    public static bool Wanted(string? accept) => accept?.Contains("as=Table", StringComparison.Ordinal) == true;

    public static JsonObject Render(FakeResourceType type, IEnumerable<JsonObject> items, long revision, DateTimeOffset now)
    {
        var columns = new JsonArray(new JsonObject
        {
            ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "Name must be unique within a namespace.", ["priority"] = 0,
        });
        foreach (var column in type.PrinterColumns.OfType<JsonObject>())
        {
            columns.Add(new JsonObject
            {
                ["name"] = column["name"]!.DeepClone(),
                ["type"] = column["type"]!.DeepClone(),
                ["format"] = "",
                ["description"] = column["description"]?.DeepClone() ?? "",
                ["priority"] = column["priority"]?.DeepClone() ?? 0,
            });
        }

        var rows = new JsonArray();
        foreach (var item in items)
        {
            var cells = new JsonArray(item["metadata"]!["name"]!.DeepClone());
            foreach (var column in type.PrinterColumns.OfType<JsonObject>())
            {
                var value = Select(item, column["jsonPath"]!.GetValue<string>());
                cells.Add(column["type"]!.GetValue<string>() == "date" && value is JsonValue v && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, out var at)
                    ? Age(now - at)
                    : value?.DeepClone());
            }

            rows.Add(new JsonObject { ["cells"] = cells, ["object"] = item.DeepClone() });
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    private static JsonNode? Select(JsonObject item, string path)
    {
        JsonNode? node = item;
        foreach (var part in path.TrimStart('.').Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    private static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 120 => $"{Math.Max(0, (int)age.TotalSeconds)}s",
        < 7200 => $"{(int)age.TotalMinutes}m",
        < 172800 => $"{(int)age.TotalHours}h",
        _ => $"{(int)age.TotalDays}d",
    };
}
