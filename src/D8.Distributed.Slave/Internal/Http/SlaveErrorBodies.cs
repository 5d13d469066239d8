using D8.Distributed.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Gives the errors the server produces itself on the slave API (<c>/api</c>) the wire's <c>{"error": "..."}</c> body:
/// a <see cref="BadHttpRequestException"/> from reading the body (bad chunked encoding, a body shorter than its
/// Content-Length, too slow: 400, 408, 413) becomes that status with a message instead of an "unhandled exception" log
/// entry and an empty answer; a status without a body (405 from routing, 404 of an unknown route) gets one. Kestrel
/// answers errors of the request line and headers (431, a malformed Content-Length, 411) before any middleware runs,
/// so those keep Kestrel's empty body (docs/slave.md).
/// </summary>
internal sealed class SlaveErrorBodies(ILogger<SlaveErrorBodies> logger) : IStartupFilter
{
    private static readonly PathString ApiPath = new("/api");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return app =>
        {
            app.Use(InvokeAsync);
            next(app);
        };
    }

    internal async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!context.Request.Path.StartsWithSegments(ApiPath))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.Response.HasStarted)
        {
            // A client's mistake, not the slave's: logged as information, answered with its own status.
            Log.BadRequest(logger, context.Request.Method, context.Request.Path.Value ?? string.Empty, ex.StatusCode, ex.Message);
            context.Response.Clear();
            await WriteAsync(context, ex.StatusCode, $"Bad request: {ex.Message.TrimEnd('.')}").ConfigureAwait(false);
            return;
        }

        if (!context.Response.HasStarted && context.Response.StatusCode >= 400)
        {
            var status = context.Response.StatusCode;
            var reason = ReasonPhrases.GetReasonPhrase(status);
            var message = status == StatusCodes.Status405MethodNotAllowed && context.Response.Headers.Allow.Count > 0
                ? $"{reason}: {context.Request.Method} {context.Request.Path} accepts {context.Response.Headers.Allow}"
                : $"{(reason.Length > 0 ? reason : "Error")}: {context.Request.Method} {context.Request.Path}";
            await WriteAsync(context, status, message).ConfigureAwait(false);
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorResponse(message), D8JsonContext.Default.ErrorResponse, contentType: null, context.RequestAborted);
    }
}
