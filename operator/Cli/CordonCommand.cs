using System.CommandLine;
using SacOperator.Editing;
using SacOperator.Model;

namespace SacOperator.Operator.Cli;

/// <summary>
/// <c>sacop cordon|uncordon HOST...</c>: sets <c>spec.unschedulable</c> in each Host's file (comments
/// and layout kept), as <c>suspend</c> does for agents, so the cordon is desired state that survives
/// operator restarts. A cordoned host keeps its agents; placement puts no new ones there.
/// </summary>
public static class CordonCommand
{
    public static Command Create(bool cordon)
    {
        var home = CommonOptions.Home();
        var names = new Argument<string[]>("host") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(cordon ? "cordon" : "uncordon",
            cordon ? "Place no new agents on hosts (spec.unschedulable: true in their files); agents there keep running"
                   : "Allow placement on cordoned hosts again (spec.unschedulable: false in their files)")
        {
            names, home,
        };
        command.SetAction(result =>
        {
            using var state = StateAccess.Open(result.GetValue(home)!);
            var code = ExitCodes.Ok;
            foreach (var name in result.GetValue(names)!)
            {
                var problem = Apply(state, result.GetValue(home)!, name, cordon);
                if (problem is null)
                {
                    Console.WriteLine($"host/{name} {(cordon ? "cordoned" : "uncordoned")}");
                }
                else
                {
                    Console.Error.WriteLine($"error: {problem}");
                    code = ExitCodes.Failure;
                }
            }

            StateAccess.WarnIfNotRunning(result.GetValue(home)!);
            return code;
        });
        return command;
    }

    /// <summary>Sets <c>spec.unschedulable</c> in the file of Host <paramref name="name"/>; null on success, else why not.</summary>
    internal static string? Apply(SacOperator.State.StateStore state, string home, string name, bool cordon)
    {
        var key = new ResourceKey(ResourceKinds.Host, "", name);
        return state.GetResource(key) switch
        {
            null => $"host '{name}' is not known to the operator at {CommonOptions.FullHome(home)}",
            { Source: var source } when source is null || !File.Exists(source) => $"the file of host '{name}' ({source ?? "unknown"}) is not reachable from here",
            { Source: var source } => SpecFileEditor.SetFlag(source!, key, "unschedulable", cordon) is { } why ? $"{source} left unchanged: {why}" : null,
        };
    }
}
