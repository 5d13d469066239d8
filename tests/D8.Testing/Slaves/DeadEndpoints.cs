using System.Net;
using System.Net.Sockets;

namespace D8.Testing.Slaves;

/// <summary>Endpoints that misbehave at the TCP level, for health-sweep tests.</summary>
public static class DeadEndpoints
{
    /// <summary>A loopback port that refuses connections: bound to find a free port, then closed.</summary>
    public static int RefusingPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
