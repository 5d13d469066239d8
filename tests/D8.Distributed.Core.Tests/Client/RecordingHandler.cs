using System.Collections.Concurrent;

namespace D8.Distributed.Core.Tests.Client;

/// <summary>Records the address of every request the master's slave client sends (added to its handler chain).</summary>
public sealed class RecordingHandler(ConcurrentQueue<Uri> addresses) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        addresses.Enqueue(request.RequestUri!);
        return base.SendAsync(request, cancellationToken);
    }
}
