using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace D8.Testing.Slaves;

/// <summary>
/// A loopback TCP forwarder in front of a real slave, whose <see cref="CutAsync"/> is the network cable being pulled:
/// every open connection is dropped and the port refuses new ones, while the slave behind it keeps running.
/// It also notices execute requests passing through.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private static readonly byte[] ExecuteMarker = Encoding.ASCII.GetBytes("POST /api/execute");
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly CancellationTokenSource _cut = new();
    private readonly TaskCompletionSource _executeSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _acceptLoop;
    private int _executeRequests;

    public TcpProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>Gets the loopback port to give the master instead of the slave's.</summary>
    public int Port { get; }

    /// <summary>Gets how many execute requests went through.</summary>
    public int ExecuteRequests => Volatile.Read(ref _executeRequests);

    /// <summary>Gets a task that completes when the first execute request goes through.</summary>
    public Task ExecuteSeen => _executeSeen.Task;

    /// <summary>Drops every connection and stops listening: the slave is unreachable from now on.</summary>
    public async Task CutAsync()
    {
        if (_cut.IsCancellationRequested)
        {
            return;
        }

        await _cut.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            try
            {
                socket.Close(0);
            }
            catch (ObjectDisposedException)
            {
                // Already closed by the pump.
            }
        }

        await _acceptLoop;
    }

    public async ValueTask DisposeAsync()
    {
        await CutAsync();
        _cut.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_cut.IsCancellationRequested)
            {
                var client = await _listener.AcceptSocketAsync(_cut.Token);
                _sockets.Add(client);
                _ = ForwardAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _sockets.Add(server);
        try
        {
            await server.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _targetPort), _cut.Token);
            await Task.WhenAny(PumpAsync(client, server, inspect: true), PumpAsync(server, client, inspect: false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut or closed.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool inspect)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _cut.Token);
                if (read == 0)
                {
                    return;
                }

                if (inspect && buffer.AsSpan(0, read).IndexOf(ExecuteMarker) >= 0)
                {
                    Interlocked.Increment(ref _executeRequests);
                    _executeSeen.TrySetResult();
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _cut.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Cut or closed.
        }
    }
}
