namespace SacOperator.Model;

public static class HealthMethods
{
    public const string Process = "process";
    public const string SdkAlive = "sdk-alive";
    public const string Heartbeat = "heartbeat";
    public const string Http = "http";
    public const string Exec = "exec";

    public static readonly IReadOnlyList<string> All = [Process, SdkAlive, Heartbeat, Http, Exec];

    /// <summary>Maps aliases onto their canonical method.</summary>
    public static string Canonical(string method) => method == SdkAlive ? Process : method;
}
