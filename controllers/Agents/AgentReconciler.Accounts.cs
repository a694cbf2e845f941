using SacOperator.Accounts;
using SacOperator.Model;
using SacOperator.State;

namespace SacOperator.Agents;

public sealed partial class AgentReconciler
{
    /// <summary>
    /// Hands what the agent's stream said about its account to the Account controller: credentials
    /// refused (the account becomes Expired) or a rate limit (Exhausted until it lifts). The
    /// planner raises each verdict's event once per run, so each is reported once; the Account then
    /// decides, and the move or freeze that follows is this planner's next pass.
    /// </summary>
    private void ReportToAccount(AgentObservation o, AgentPlan plan, AgentRecord? record)
    {
        var kind = plan.Events.Any(e => e.Reason == AgentReasons.AuthenticationFailed) ? AccountSignal.AuthenticationFailed
            : plan.Events.Any(e => e.Reason == AgentReasons.RateLimited) ? AccountSignal.RateLimited
            : null;
        if (kind is null || AgentPlanner.AccountInUse(o.Dependencies, record?.CredentialIdentity) is not { } account)
        {
            return;
        }

        var at = o.Session?.LastError?.At ?? o.Now;
        var resets = kind == AccountSignal.RateLimited ? o.Session?.RateLimitResetsAt : null;
        accountSignals.Report(new ResourceKey(ResourceKinds.Account, o.Key.Namespace, account.Name), new AccountSignal(kind, o.Key.Name, at, resets));
    }
}
