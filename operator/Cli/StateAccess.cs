using SacOperator.Operator.Hosting;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>How CLI verbs reach an operator's state: the home's state DB, readable while the operator runs.</summary>
public static class StateAccess
{
    public static StateStore Open(string home)
    {
        var full = CommonOptions.FullHome(home);
        var path = Path.Combine(full, "state.db");
        if (!File.Exists(path))
        {
            throw new CliError($"no operator state at {path}; start the operator with 'sacop run --home {home}' (or pass the --home it uses)");
        }

        return StateStore.Open(path);
    }

    /// <summary>Warns on stderr when no operator holds the home, since status is then a snapshot that may be stale.</summary>
    public static void WarnIfNotRunning(string home)
    {
        if (!OperatorLock.IsHeld(CommonOptions.FullHome(home)))
        {
            Console.Error.WriteLine($"warning: no operator is running for {CommonOptions.FullHome(home)}; this is the last recorded state");
        }
    }
}
