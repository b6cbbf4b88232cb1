using System.Net.Sockets;
using System.Text;

namespace Weft.Server.Tests.Support;

/// <summary>Sends bytes to the server exactly as given (no client library rewrites them) and reads until it closes the connection.</summary>
public static class RawHttp
{
    public static async Task<string> SendAsync(Uri server, string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request));
        using var read = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await stream.CopyToAsync(read, timeout.Token);
        return Encoding.UTF8.GetString(read.ToArray());
    }
}
