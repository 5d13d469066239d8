namespace D8.Distributed.Core.Internal;

/// <summary>
/// Reads each answer's body inside the resilience pipeline (it sits between the pipeline and the socket handler), so
/// an attempt is only done once its whole body has arrived. Without it the pipeline returns as soon as the headers are
/// in, and a connection reset in the middle of the body surfaces afterwards in <c>HttpClient</c>, past the retry and
/// the attempt timeout: a task whose result was lost on the wire would fail over instead of being retried on the same
/// slave, which returns the stored result of that <c>task_id</c>.
/// </summary>
internal sealed class ResponseBufferingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
