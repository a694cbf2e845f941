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

        try
        {
            // Read-only: a CLI verb never creates, migrates or locks the operator's database.
            return StateStore.OpenReadOnly(path);
        }
        catch (StateUnavailableException e)
        {
            throw new CliError(e.Message);
        }
    }

    /// <summary>For the few verbs that leave a request for the operator (restart).</summary>
    public static StateStore OpenWritable(string home)
    {
        var path = Path.Combine(CommonOptions.FullHome(home), "state.db");
        try
        {
            var state = StateStore.OpenForRequest(path);
            if (state.Probe() is { } problem)
            {
                state.Dispose();
                throw new CliError($"{problem}; the request was not recorded");
            }

            return state;
        }
        catch (StateUnavailableException e)
        {
            throw new CliError(e.Message);
        }
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
