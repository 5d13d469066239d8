using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>What a page needs from the request: options, links under the path base, the anti-forgery field.</summary>
internal sealed class DashboardContext(HttpContext http)
{
    public HttpContext Http { get; } = http;

    public D8DashboardOptions Options { get; } = http.RequestServices.GetRequiredService<IOptions<D8DashboardOptions>>().Value;

    public bool PasswordRequired => !string.IsNullOrEmpty(Options.Password);

    /// <summary>The clock every page reads "now" from (a fake one in tests).</summary>
    public TimeProvider Clock { get; } = http.RequestServices.GetRequiredService<TimeProvider>();

    /// <summary>A relative time ("3 min ago") with the absolute local time on hover; <paramref name="none"/> without one.</summary>
    public string When(DateTimeOffset? time, string none = "—") => RelativeTime.Markup(time, Clock.GetUtcNow(), Clock.LocalTimeZone, none);

    /// <summary>An absolute link to a dashboard path (<paramref name="path"/> starts with '/').</summary>
    public string Url(string path) => Http.Request.PathBase + Options.PathBase + path;

    /// <summary>The hidden anti-forgery input every state-changing form carries.</summary>
    public string AntiforgeryField()
    {
        var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        return $"<input type=\"hidden\" name=\"{Html.Encode(tokens.FormFieldName)}\" value=\"{Html.Encode(tokens.RequestToken)}\">";
    }
}
