using SacOperator.Model;

namespace SacOperator.Accounts;

/// <summary>The status to report and when to look again.</summary>
public sealed record AccountVerdict(AccountStatus Status, TimeSpan RequeueAfter);
