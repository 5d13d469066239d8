using System.Globalization;
using System.Net;
using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>
/// The endpoint filter in front of every <c>/api/v1</c> call: the bearer token when <see cref="D8MasterOptions.ApiToken"/>
/// is set (compared in constant time), loopback clients only when it is not; then the one place where refusals and
/// domain exceptions become <c>{"error": "..."}</c> answers with their status (a store that cannot be used is 503), and where an unexpected failure is
/// logged and answered without a stack trace. It relies on no host middleware, so mapping the API into any app keeps
/// it protected; the dashboard's cookie and anti-forgery play no part (this is a bearer API).
/// </summary>
internal sealed class MasterApiAccess : IEndpointFilter
{
    internal const string NoTokenMessage =
        "The D8 master API has no token configured, so it only answers on this machine (127.0.0.1). Set D8:Master:ApiToken (or D8_API_TOKEN) on the master to reach it from the network.";

    internal const string TokenInQueryMessage =
        "The API token is never accepted in a URL (it would be kept in logs and histories); send it as the header 'Authorization: Bearer <token>'.";

    /// <summary>The <c>Retry-After</c> (seconds) of a 503 for a store that cannot be used.</summary>
    internal const int StoreRetryAfterSeconds = 5;

    private static readonly string[] TokenParameters = ["token", "access_token", "api_token", "apitoken", "api_key", "apikey", "bearer", "auth", "authorization"];

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(next);
        var http = invocation.HttpContext;
        var logger = http.RequestServices.GetRequiredService<ILogger<MasterApiAccess>>();
        if (Refuse(http, logger) is { } refusal)
        {
            return refusal;
        }

        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (ApiException ex)
        {
            return ApiResults.Error(ex.StatusCode, ex.Message);
        }
        catch (TaskQueueFullException ex)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(ex.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
        catch (HumanRequestNotFoundException ex)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, ex.Message);
        }
        catch (InvalidTransitionException ex)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, ex.Message);
        }
        catch (HumanRequestValidationException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"'{RequestFields.WireName(ex.Field)}': {ex.Message}");
        }
        catch (Exception ex) when (ex is SlaveRegistryException or TaskStoreException or HumanRequestStoreException)
        {
            // A store that cannot be used (its database unreachable, its file unreadable) is the master being unable to
            // serve for now, not a fault of the call: 503 with the store's own message, which names where it lives.
            // Retry-After: a hint for clients that retry on their own (a database restart or a failover takes seconds).
            Log.ApiStoreUnavailable(logger, http.Request.Method, http.Request.Path, ex.Message);
            http.Response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return ApiResults.Error(StatusCodes.Status503ServiceUnavailable, ex.Message);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away: there is nobody to answer.
            throw;
        }
#pragma warning disable CA1031 // The API's last line: log it, answer with a message, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ApiFailed(logger, http.Request.Method, http.Request.Path, ex);
            return ApiResults.Error(StatusCodes.Status500InternalServerError, $"The master failed to handle {http.Request.Method} {http.Request.Path} ({ex.GetType().Name}); its log has the details.");
        }
    }

    /// <summary>The answer refusing the caller, or <see langword="null"/> when it may go on.</summary>
    internal static IResult? Refuse(HttpContext http, ILogger logger)
    {
        // A token in a URL ends up in proxy logs, shell history and browser history: refused even when it is right.
        if (http.Request.Query.Keys.FirstOrDefault(IsTokenParameter) is { } parameter)
        {
            Log.ApiTokenInQuery(logger, http.Request.Method, http.Request.Path, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", parameter);
            return ApiResults.Error(StatusCodes.Status400BadRequest, TokenInQueryMessage);
        }

        var token = http.RequestServices.GetRequiredService<IOptions<D8MasterOptions>>().Value.ApiToken;
        if (!string.IsNullOrEmpty(token))
        {
            if (SignInGate.Matches(token, BearerToken(http.Request)))
            {
                return null;
            }

            Log.ApiUnauthorized(logger, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", http.Request.Method, http.Request.Path);
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ApiResults.UnauthorizedMessage);
        }

        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || !IPAddress.IsLoopback(remote))
        {
            Log.ApiRefusedRemote(logger, remote?.ToString() ?? "unknown");
            return ApiResults.Error(StatusCodes.Status403Forbidden, NoTokenMessage);
        }

        return null;
    }

    private static bool IsTokenParameter(string name) => TokenParameters.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string Scheme = "Bearer ";
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }
}
