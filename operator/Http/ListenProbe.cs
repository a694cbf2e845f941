using System.Net;
using System.Net.Sockets;

namespace SacOperator.Operator.Http;

/// <summary>
/// Checks before start that a fixed listen port is free, so a taken port stops <c>sacop run</c>
/// before its controllers touch any agent. Kestrel still binds for real afterwards.
/// </summary>
public static class ListenProbe
{
    /// <exception cref="IOException">The address is in use or cannot be bound.</exception>
    public static void EnsureFree(ListenAddress listen)
    {
        if (listen.Disabled || listen.Port == 0)
        {
            return;
        }

        var address = listen.Address ?? IPAddress.Loopback;
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Kestrel sets SO_REUSEADDR too, so a port in TIME_WAIT does not count as taken.
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(address, listen.Port));
            socket.Listen(1);
        }
        catch (SocketException e)
        {
            throw new IOException($"cannot listen on {listen}: {e.Message}; pick another address with --listen (or --listen none)", e);
        }
    }
}
