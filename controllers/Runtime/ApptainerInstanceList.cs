using System.Text.Json;
using System.Text.Json.Serialization;

namespace SacOperator.Runtime;

/// <summary>The JSON printed by <c>apptainer instance list --json</c>.</summary>
public sealed record ApptainerInstanceList
{
    [JsonPropertyName("instances")]
    public IReadOnlyList<ApptainerInstance> Instances { get; init; } = [];

    public static ApptainerInstanceList Parse(string json) =>
        string.IsNullOrWhiteSpace(json) ? new ApptainerInstanceList() : JsonSerializer.Deserialize<ApptainerInstanceList>(json) ?? new ApptainerInstanceList();
}

public sealed record ApptainerInstance
{
    [JsonPropertyName("instance")]
    public string Instance { get; init; } = "";

    [JsonPropertyName("pid")]
    public int Pid { get; init; }

    [JsonPropertyName("img")]
    public string Image { get; init; } = "";

    [JsonPropertyName("ip")]
    public string Ip { get; init; } = "";

    [JsonPropertyName("logErrPath")]
    public string LogErrPath { get; init; } = "";

    [JsonPropertyName("logOutPath")]
    public string LogOutPath { get; init; } = "";
}
