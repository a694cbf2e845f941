namespace SacOperator.Hosts;

/// <summary>How a Host's <c>spec.address</c> is read: <c>local</c> (this machine, no ssh) or an ssh destination.</summary>
public static class HostAddresses
{
    public const string Local = "local";

    public static bool IsLocal(string? address) =>
        address is null or "" || address.Equals(Local, StringComparison.OrdinalIgnoreCase) || address.Equals("localhost", StringComparison.OrdinalIgnoreCase);
}
