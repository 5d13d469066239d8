using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace D8.Dashboard.Internal;

/// <summary>The page frame: head, navigation, and the live region the refresh script replaces.</summary>
internal static class Layout
{
    public static IResult Page(DashboardContext context, string title, string active, Html main, bool live, int statusCode = StatusCodes.Status200OK)
    {
        var html = new Html();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Element("title", $"{title} · D8")
            .Raw($"<link rel=\"stylesheet\" href=\"{Html.Encode(context.Url("/assets/site.css"))}\">")
            .Raw($"<script src=\"{Html.Encode(context.Url("/assets/live.js"))}\" defer></script>")
            .Raw("</head><body><header><nav>")
            .Raw("<span class=\"brand\">D8</span>");
        foreach (var (path, name) in new[] { ("/", "Overview"), ("/requests", "Requests"), ("/tasks", "Tasks") })
        {
            html.Raw($"<a href=\"{Html.Encode(context.Url(path))}\"{(name == active ? " aria-current=\"page\"" : string.Empty)}>").Text(name).Raw("</a>");
        }

        if (context.PasswordRequired && active.Length > 0)
        {
            html.Raw($"<form method=\"post\" action=\"{Html.Encode(context.Url("/signout"))}\" class=\"signout\">")
                .Raw(context.AntiforgeryField())
                .Raw("<button type=\"submit\" class=\"link\">Sign out</button></form>");
        }

        var refresh = live ? $" data-refresh=\"{((int)context.Options.RefreshInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)}\"" : string.Empty;
        html.Raw("</nav></header>")
            .Raw($"<main id=\"live\"{refresh}>").Element("h1", title).Raw(main.ToString()).Raw("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }
}
