using System.Diagnostics.Metrics;
using SacOperator.Model;
using SacOperator.Status;
using SacOperator.Stores;
using SacOperator.Telemetry;

namespace SacOperator.Operator.Telemetry;

/// <summary>
/// Account gauges, read from the Account statuses this operator holds when a collection runs:
/// used ratio and reset time per window, whether the account is Available, and how many agents
/// run on it. Only numbers and names: no credential reference ever becomes a label.
/// </summary>
public sealed class AccountGauges
{
    private static readonly string[] Windows = ["5h", "7d"];

    private readonly Func<(IResourceStore Store, IStatusWriter Status)?> _sources;

    /// <param name="sources">The store listing Accounts and the writer holding their status; null while the operator has none.</param>
    public AccountGauges(SacMetrics metrics, Func<(IResourceStore Store, IStatusWriter Status)?> sources)
    {
        _sources = sources;
        var meter = metrics.Meter;
        meter.CreateObservableGauge("sac_account_quota_used_ratio", UsedRatios, description: "Used fraction (0–1) of the account's quota window at the last reading.");
        meter.CreateObservableGauge("sac_account_available", Available, description: "1 while the account is Available (agents may start on it), else 0.");
        meter.CreateObservableGauge("sac_account_reset_timestamp_seconds", Resets, "s", "When the account's quota window resets, seconds since the Unix epoch.");
        meter.CreateObservableGauge("sac_account_agents", Agents, description: "Agents running on the account.");
    }

    private IEnumerable<(ResourceKey Key, AccountStatus Status)> Accounts()
    {
        if (_sources() is not var (store, status))
        {
            yield break;
        }

        foreach (var stored in store.Cache.Snapshot.OfKind(ResourceKinds.Account))
        {
            if (status.Current(stored.Key) is AccountStatus s)
            {
                yield return (stored.Key, s);
            }
        }
    }

    private IEnumerable<Measurement<double>> UsedRatios()
    {
        foreach (var (key, s) in Accounts())
        {
            foreach (var (window, percent) in Windows.Zip([s.FiveHourUsedPercent, s.SevenDayUsedPercent]))
            {
                if (percent is { } p)
                {
                    yield return new Measurement<double>(p / 100, Labels(key, window));
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> Available() =>
        Accounts().Select(a => new Measurement<int>(a.Status.Phase == AccountPhases.Available ? 1 : 0, Labels(a.Key, null)));

    private IEnumerable<Measurement<double>> Resets()
    {
        foreach (var (key, s) in Accounts())
        {
            foreach (var (window, at) in Windows.Zip([s.FiveHourResetsAt, s.SevenDayResetsAt]))
            {
                if (at is { } t)
                {
                    yield return new Measurement<double>(t.ToUnixTimeMilliseconds() / 1000.0, Labels(key, window));
                }
            }
        }
    }

    private IEnumerable<Measurement<int>> Agents() =>
        Accounts().Select(a => new Measurement<int>(a.Status.Agents.Count, Labels(a.Key, null)));

    private static KeyValuePair<string, object?>[] Labels(ResourceKey key, string? window)
    {
        var labels = new List<KeyValuePair<string, object?>> { new("account", key.Name) };
        if (key.Namespace.Length > 0)
        {
            labels.Add(new("namespace", key.Namespace));
        }

        if (window is not null)
        {
            labels.Add(new("window", window));
        }

        return [.. labels];
    }
}
