namespace SacOperator.Model;

public static class RestartPolicies
{
    public const string Never = "never";
    public const string OnFailure = "on-failure";
    public const string Always = "always";

    public static readonly IReadOnlyList<string> All = [Never, OnFailure, Always];
}
