using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>
/// Where the CLI reads an operator's state and sends requests: the home's state DB
/// (<see cref="StateSource"/>) or a running operator's API (<see cref="ApiSource"/>, <c>--server</c>).
/// Both return the same records, so every verb prints the same either way.
/// </summary>
public interface IOperatorSource : IDisposable
{
    /// <summary>For messages: "in /home/me/.sacop" or "at http://127.0.0.1:7979".</summary>
    string Location { get; }

    Task<IReadOnlyList<ResourceRow>> ListResourcesAsync(string kind, CancellationToken cancellationToken);

    Task<ResourceRow?> GetResourceAsync(ResourceKey key, CancellationToken cancellationToken);

    /// <summary>Oldest first; a key with an empty kind matches the name in any kind.</summary>
    Task<IReadOnlyList<EventEntry>> ListEventsAsync(ResourceKey? key, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<RestartEntry>> ListRestartsAsync(ResourceKey key, int limit, CancellationToken cancellationToken);

    /// <param name="newSession">Start a new Claude Code session instead of resuming the agent's own.</param>
    /// <exception cref="CliError">The agent is not known.</exception>
    Task RequestRestartAsync(ResourceKey key, bool newSession, CancellationToken cancellationToken);

    /// <summary>Sets <c>spec.suspend</c> or <c>spec.stopped</c> in the agent's spec file; returns the file.</summary>
    /// <exception cref="CliError">The agent is not known, or its spec cannot be edited.</exception>
    Task<string> ToggleAsync(ResourceKey key, SpecToggle toggle, CancellationToken cancellationToken);

    /// <summary>Warns on stderr when what was read may be stale (no operator is running).</summary>
    void WarnIfStale();
}
