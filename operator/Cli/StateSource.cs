using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Operator.Cli;

/// <summary>The home's state DB, readable while the operator runs; requests go through its requests table.</summary>
public sealed class StateSource(string home) : IOperatorSource
{
    private readonly StateStore _state = StateAccess.Open(home);

    public string Location => $"in {CommonOptions.FullHome(home)}";

    public Task<IReadOnlyList<ResourceRow>> ListResourcesAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult(_state.ListResources(kind));

    public Task<ResourceRow?> GetResourceAsync(ResourceKey key, CancellationToken cancellationToken) =>
        Task.FromResult(_state.GetResource(key));

    public Task<IReadOnlyList<EventEntry>> ListEventsAsync(ResourceKey? key, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(_state.ListEvents(key, limit));

    public Task<IReadOnlyList<RestartEntry>> ListRestartsAsync(ResourceKey key, int limit, CancellationToken cancellationToken) =>
        Task.FromResult(_state.ListRestarts(key, limit));

    public Task RequestRestartAsync(ResourceKey key, bool newSession, CancellationToken cancellationToken)
    {
        Known(key);
        using var writable = StateAccess.OpenWritable(home);
        writable.AddRequest(key, newSession ? ActionRequest.RestartNewSession : ActionRequest.Restart);
        return Task.CompletedTask;
    }

    public Task<string> ToggleAsync(ResourceKey key, SpecToggle toggle, CancellationToken cancellationToken)
    {
        var (file, problem) = SpecSuspension.Apply(Known(key), toggle);
        return file is not null ? Task.FromResult(file) : throw new CliError(problem!);
    }

    public void WarnIfStale() => StateAccess.WarnIfNotRunning(home);

    public void Dispose() => _state.Dispose();

    private ResourceRow Known(ResourceKey key) =>
        _state.GetResource(key) ?? throw new CliError($"agent '{key.Name}' is not known to the operator at {home}");
}
