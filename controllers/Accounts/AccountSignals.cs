using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SacOperator.Engine;
using SacOperator.Model;

namespace SacOperator.Accounts;

/// <summary>In-memory signals, newest per account and kind; a report enqueues the Account.</summary>
public sealed class AccountSignals([FromKeyedServices(ResourceKinds.Account)] KeyChannel accounts) : IAccountSignals
{
    private readonly ConcurrentDictionary<(ResourceKey, string), AccountSignal> _latest = new();

    public void Report(ResourceKey account, AccountSignal signal)
    {
        _latest.AddOrUpdate((account, signal.Kind), signal, (_, old) => signal.At >= old.At ? signal : old);
        accounts.Enqueue(account);
    }

    public AccountSignal? Latest(ResourceKey account, string kind) => _latest.GetValueOrDefault((account, kind));
}
