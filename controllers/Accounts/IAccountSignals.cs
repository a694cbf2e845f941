using SacOperator.Model;

namespace SacOperator.Accounts;

/// <summary>
/// The seam between the agents' streams and the Account controller: the session reader reports
/// what a stream says about an account (a 429 with its reset time, an authentication failure), and
/// the Account controller folds the latest of each kind into the account's phase. Reporting only
/// enqueues the account; it never decides anything.
/// </summary>
public interface IAccountSignals
{
    void Report(ResourceKey account, AccountSignal signal);

    /// <summary>The newest signal of <paramref name="kind"/> reported for <paramref name="account"/>, if any.</summary>
    AccountSignal? Latest(ResourceKey account, string kind);
}
