namespace SacOperator.Homes;

/// <param name="Environment">From the home's <c>.env</c>: passed to the agent with the lowest precedence, as sac's <c>--env-file</c>.</param>
public sealed record HomePlan(IReadOnlyList<string> Directories, IReadOnlyList<HomeWrite> Writes, IReadOnlyDictionary<string, string> Environment)
{
    public static readonly HomePlan Empty = new([], [], new Dictionary<string, string>());
}
