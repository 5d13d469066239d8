using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace D8.Testing.Slaves;

/// <summary>Accepts TCP connections on a loopback port and never answers: holds every socket until disposed.</summary>
public sealed class SilentListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly ConcurrentBag<Socket> _held = [];
    private readonly CancellationTokenSource _stop = new();

    public SilentListener()
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _ = AcceptLoopAsync();
    }

    /// <summary>Gets the loopback port.</summary>
    public int Port { get; }

    /// <summary>Gets how many connections were accepted.</summary>
    public int Accepted => _held.Count;

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var socket in _held)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                _held.Add(await _listener.AcceptSocketAsync(_stop.Token));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
        catch (SocketException)
        {
            // Listener stopped.
        }
        catch (ObjectDisposedException)
        {
            // Listener stopped.
        }
    }
}
