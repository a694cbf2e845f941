using SacOperator.Editing;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>
/// Suspends, resumes, stops or starts an agent the way a person would: by setting
/// <c>spec.suspend</c> or <c>spec.stopped</c> in its spec file (comments and layout kept). The
/// operator then reacts to the file change like to any other edit, so desired state stays in the
/// file, never only in the operator's memory (a stopped agent stays stopped across operator
/// restarts). Shared by <c>sacop suspend|resume|stop|start</c> and
/// <c>POST /api/v1/agents/{name}/suspend|resume|stop|start</c>.
/// </summary>
public static class SpecSuspension
{
    /// <summary>Edits the spec file of <paramref name="row"/>; returns the file edited, or why it was not.</summary>
    public static (string? File, string? Problem) Apply(ResourceRow row, SpecToggle toggle)
    {
        var key = row.Key;
        var source = row.Source;
        if (source == "kubernetes")
        {
            return (null, $"agent '{key.Name}' is a Kubernetes resource; use: kubectl patch agent {key.Name} --type merge -p '{{\"spec\":{{\"{toggle.Field}\":{(toggle.Value ? "true" : "false")}}}}}'");
        }

        if (source is null || !File.Exists(source))
        {
            return (null, $"the spec file of agent '{key.Name}' ({source ?? "unknown"}) is not reachable from here");
        }

        return SpecFileEditor.SetFlag(source, key, toggle.Field, toggle.Value) is { } problem
            ? (null, $"{source} left unchanged: {problem}")
            : (source, null);
    }
}
