using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary>The password form and its POST: constant-time check, failures logged and slowed down.</summary>
internal static class SignInPage
{
    public static IResult Render(DashboardContext context, string? error, int statusCode = StatusCodes.Status200OK, string? returnUrl = null)
    {
        var html = new Html();
        if (error is not null)
        {
            html.Element("p", error, "class=\"error\" role=\"alert\" id=\"error\"");
        }

        // After a wrong password the form's own field is kept, so the second attempt still lands where the first aimed.
        returnUrl = SafeReturnUrl(context, returnUrl ?? context.Http.Request.Query["returnUrl"]);
        html.Raw($"<form method=\"post\" action=\"{Html.Encode(context.Url("/signin"))}\" class=\"signin\">")
            .Raw(context.AntiforgeryField())
            .Raw($"<input type=\"hidden\" name=\"returnUrl\" value=\"{Html.Encode(returnUrl)}\">")
            .Raw("<label>Password <input type=\"password\" name=\"password\" autocomplete=\"current-password\" required autofocus></label>")
            .Raw("<button type=\"submit\">Sign in</button></form>");
        return Layout.Page(context, "Sign in", string.Empty, html, live: false, statusCode);
    }

    public static async Task<IResult> SubmitAsync(DashboardContext context, CancellationToken cancellationToken)
    {
        var form = await context.Http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var services = context.Http.RequestServices;
        var logger = services.GetRequiredService<ILogger<DashboardContext>>();
        var remote = context.Http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!await services.GetRequiredService<SignInGate>().CheckAsync(form["password"], cancellationToken).ConfigureAwait(false))
        {
            Log.FailedSignIn(logger, remote);
            return Render(context, "Wrong password.", StatusCodes.Status401Unauthorized, form["returnUrl"].ToString());
        }

        Log.SignedIn(logger, remote);
        var stamp = services.GetRequiredService<DashboardSessionStamp>().Current();
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "owner"), new Claim(DashboardSessionStamp.ClaimType, stamp)], DashboardCookieSetup.Scheme);
        await context.Http.SignInAsync(DashboardCookieSetup.Scheme, new ClaimsPrincipal(identity)).ConfigureAwait(false);
        return Results.Redirect(SafeReturnUrl(context, form["returnUrl"]));
    }

    public static async Task<IResult> SignOutAsync(DashboardContext context)
    {
        // Server-side: the stamp every cookie carries is replaced, so copies of this cookie (or any other) stop working.
        context.Http.RequestServices.GetRequiredService<DashboardSessionStamp>().Rotate();
        Log.SignedOut(context.Http.RequestServices.GetRequiredService<ILogger<DashboardContext>>(), context.Http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        await context.Http.SignOutAsync(DashboardCookieSetup.Scheme).ConfigureAwait(false);
        return Results.Redirect(context.Url("/signin"));
    }

    /// <summary>Only a local path under the dashboard: never an open redirect to another site.</summary>
    private static string SafeReturnUrl(DashboardContext context, string? returnUrl)
    {
        var root = context.Url("/");
        return returnUrl is { Length: > 0 } url && url.StartsWith(root, StringComparison.Ordinal) && !url.StartsWith("//", StringComparison.Ordinal)
            && !url.Contains('\\', StringComparison.Ordinal) && !url.Any(char.IsControl)
            ? url
            : root;
    }
}
