using SacOperator.Model;

namespace SacOperator.Kubernetes.Crds;

/// <summary>
/// The four kinds as CRDs. All are namespaced and in the category <c>sac</c>, so
/// <c>kubectl get sac</c> lists them together. Short names are prefixed with "s" because plain
/// <c>images</c> and <c>hosts</c> are common names other CRDs also use.
/// </summary>
public static class CrdDefinitions
{
    public const string Category = "sac";

    private static readonly PrinterColumn Age = new("Age", "date", ".metadata.creationTimestamp", "Time since the object was created.");

    private static readonly PrinterColumn Phase = new("Phase", "string", ".status.phase", "Observed phase.");

    public static readonly CrdDefinition Agent = new()
    {
        Kind = ResourceKinds.Agent,
        ModelType = typeof(Agent),
        ShortNames = ["sag"],
        Columns =
        [
            Phase,
            new("Restarts", "integer", ".status.restartCount", "Restarts since the agent was first started."),
            new("Host", "string", ".status.host", "The host running the agent."),
            Age,
            new("Reason", "string", ".status.reason", "Why the agent is in its phase.", Priority: 1),
            new("Message", "string", ".status.message", "Details of the phase.", Priority: 1),
        ],
    };

    public static readonly CrdDefinition Image = new()
    {
        Kind = ResourceKinds.Image,
        ModelType = typeof(Image),
        ShortNames = ["simg"],
        Columns =
        [
            Phase,
            new("Version", "string", ".status.activeVersion", "The version agents use."),
            Age,
        ],
    };

    public static readonly CrdDefinition Host = new()
    {
        Kind = ResourceKinds.Host,
        ModelType = typeof(Host),
        ShortNames = ["shost"],
        Columns =
        [
            new("Address", "string", ".spec.address", "local, or the ssh destination."),
            Phase,
            new("Agents", "integer", ".status.runningAgents", "Agents running there."),
            Age,
        ],
    };

    public static readonly CrdDefinition Account = new()
    {
        Kind = ResourceKinds.Account,
        ModelType = typeof(Account),
        ShortNames = ["sacct"],
        Columns =
        [
            Phase,
            new("5h", "number", ".status.fiveHourUsedPercent", "Percent of the 5-hour quota used."),
            new("7d", "number", ".status.sevenDayUsedPercent", "Percent of the 7-day quota used."),
            Age,
        ],
    };

    public static readonly IReadOnlyList<CrdDefinition> All = [Agent, Image, Host, Account];
}
