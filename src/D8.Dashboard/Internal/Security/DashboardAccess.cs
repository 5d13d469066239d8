using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary>
/// The endpoint filter in front of every dashboard page: loopback-only without a password, the sign-in cookie with
/// one, and the anti-forgery token on every POST. It does not rely on the host's middleware (UseAuthentication,
/// UseAntiforgery), so mapping the dashboard into any app keeps it protected.
/// </summary>
internal sealed class DashboardAccess(bool allowAnonymous) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(next);
        var http = invocation.HttpContext;
        var context = new DashboardContext(http);
        var logger = http.RequestServices.GetRequiredService<ILogger<DashboardContext>>();
        if (!context.PasswordRequired)
        {
            var remote = http.Connection.RemoteIpAddress;
            if (remote is null || !IPAddress.IsLoopback(remote))
            {
                Log.RefusedRemote(logger, remote?.ToString() ?? "unknown");
                return Results.Text("The D8 dashboard has no password configured, so it only answers on this machine (127.0.0.1). Set D8:Dashboard:Password.", statusCode: StatusCodes.Status403Forbidden);
            }
        }
        else
        {
            var result = await http.AuthenticateAsync(DashboardCookieSetup.Scheme).ConfigureAwait(false);
            if (result.Succeeded)
            {
                http.User = result.Principal;
            }
            else if (!allowAnonymous)
            {
                if (HttpMethods.IsGet(http.Request.Method))
                {
                    var returnUrl = http.Request.PathBase + http.Request.Path + http.Request.QueryString;
                    return Results.Redirect(context.Url("/signin") + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
                }

                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }
        }

        if (HttpMethods.IsPost(http.Request.Method))
        {
            try
            {
                await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                Log.AntiforgeryRefused(logger, http.Request.Method, http.Request.Path);
                return Results.Text("Refused: the form's anti-forgery token is missing or invalid. Reload the page and try again.", statusCode: StatusCodes.Status400BadRequest);
            }
        }

        return await next(invocation).ConfigureAwait(false);
    }
}
