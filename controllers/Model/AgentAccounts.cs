namespace SacOperator.Model;

/// <summary>
/// The Account names an Agent may run on: its pinned account, its pool, and, for a sac spec, the
/// accounts its <c>claude.credentials_files</c> name (sac's slug: the directory holding each
/// <c>.credentials.json</c>). Used to find dependents in both directions.
/// </summary>
public static class AgentAccounts
{
    public static IEnumerable<string> Named(AgentSpec spec)
    {
        if (spec.Account is { Length: > 0 } pinned)
        {
            yield return pinned;
        }

        foreach (var name in spec.Accounts)
        {
            yield return name;
        }

        foreach (var slug in SacSlugs(spec))
        {
            yield return slug;
        }
    }

    /// <summary>sac's slug of each credentials file: the name of the directory it is in.</summary>
    public static IEnumerable<string> SacSlugs(AgentSpec spec) =>
        (spec.Sac?.CredentialsFiles ?? []).Select(f => Path.GetFileName(Path.GetDirectoryName(f.TrimEnd('/')) ?? "")).Where(s => s.Length > 0);
}
