using System.Net;
using System.Net.Sockets;

namespace Weft.Fuzz.Tests.Support;

public static class FreePort
{
    /// <summary>A loopback port nothing listens on (at the moment of the call).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
