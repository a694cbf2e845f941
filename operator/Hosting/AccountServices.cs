using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SacOperator.Accounts;
using SacOperator.Engine;
using SacOperator.Kubernetes.Leases;
using SacOperator.Model;
using SacOperator.Processes;
using SacOperator.Status;
using SacOperator.Stores;

namespace SacOperator.Operator.Hosting;

/// <summary>
/// The Account controller and what feeds it: its own kind's desired state, and the Account key
/// channel through which a written quota file (<see cref="QuotaFileWatch"/>) and the agents'
/// streams (<see cref="IAccountSignals"/>) ask for a fresh look, and status changes of the Agents
/// naming an account (the agents it lists).
/// </summary>
public static class AccountServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddKeyedSingleton(ResourceKinds.Account, (_, _) => new KeyChannel(ResourceKinds.Account));
        services.AddSingleton<QuotaFileWatch>();
        services.AddSingleton<IAccountSignals, AccountSignals>();
        return services;
    }

    /// <param name="store">Where Accounts (and the Agents using them) are read.</param>
    /// <param name="status">Where Account status is written (Agent status is read there too).</param>
    /// <param name="initialKeys">Whether to add the keys known from this host's state DB (directory mode).</param>
    /// <summary>The Accounts an Agent may run on (pinned, or its pool), in its namespace.</summary>
    private static IEnumerable<ResourceKey> AccountsOf(IResourceStore store, ResourceKey agent) =>
        store.Cache.Snapshot.Get(agent)?.Resource is Agent { Spec: var spec }
            ? [.. AgentAccounts.Named(spec).Distinct().Select(n => new ResourceKey(ResourceKinds.Account, agent.Namespace, n))]
            : [];

    public static ControllerRegistration AccountController(
        Func<IServiceProvider, IResourceStore> store,
        Func<IServiceProvider, IStatusWriter> status,
        IReadOnlyDictionary<string, string> environment,
        Gate? gate,
        bool initialKeys) => new()
    {
        Name = ResourceKinds.Account,
        Kind = ResourceKinds.Account,
        Gate = gate,
        Sources = sp =>
        [
            new StoreSource(store(sp), ResourceKinds.Account),
            new ChannelSource(sp.GetRequiredKeyedService<KeyChannel>(ResourceKinds.Account)),
            // An agent starting, stopping or moving changes which agents each account lists.
            new MappedSource(new StatusSource(status(sp).Changes, ResourceKinds.Agent), agent => AccountsOf(store(sp), agent)),
            .. initialKeys ? ControllerRegistrations.InitialKeys(sp, ResourceKinds.Account) : [],
        ],
        Reconciler = sp => new AccountReconciler(
            store(sp),
            status(sp),
            sp.GetRequiredService<IProcessRunner>(),
            sp.GetRequiredService<IAccountSignals>(),
            sp.GetRequiredService<QuotaFileWatch>(),
            environment,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AccountReconciler>>()),
    };
}
