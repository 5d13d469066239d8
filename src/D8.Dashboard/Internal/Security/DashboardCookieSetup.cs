using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>The dashboard's own cookie scheme: scoped to its path, HTTP-only, SameSite strict, valid only with the current session stamp.</summary>
internal sealed class DashboardCookieSetup(IOptions<D8DashboardOptions> options) : IConfigureNamedOptions<CookieAuthenticationOptions>
{
    public const string Scheme = "D8Dashboard";

    public void Configure(string? name, CookieAuthenticationOptions cookie)
    {
        ArgumentNullException.ThrowIfNull(cookie);
        if (name != Scheme)
        {
            return;
        }

        var value = options.Value;
        cookie.Cookie.Name = "d8.dashboard";
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.Cookie.Path = string.IsNullOrEmpty(value.PathBase) ? "/" : value.PathBase;
        cookie.ExpireTimeSpan = value.SessionLifetime;
        cookie.SlidingExpiration = true;

        // The cookie alone is not enough: its session stamp must still be the server's, which sign-out rotates.
        cookie.Events.OnValidatePrincipal = context =>
        {
            var stamp = context.HttpContext.RequestServices.GetRequiredService<DashboardSessionStamp>();
            if (!stamp.IsCurrent(context.Principal?.FindFirst(DashboardSessionStamp.ClaimType)?.Value))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        };
    }

    public void Configure(CookieAuthenticationOptions options) => Configure(Options.DefaultName, options);
}
