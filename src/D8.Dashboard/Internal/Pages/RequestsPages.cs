using System.Globalization;
using D8.HumanRequests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Internal;

/// <summary>The requests list (status/type filters) and a request's detail with its history and decision forms.</summary>
internal static class RequestsPages
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static async Task<IResult> ListAsync(DashboardContext context, CancellationToken cancellationToken)
    {
        var query = context.Http.Request.Query;
        HumanRequestStatus? status = HumanRequestNames.TryParseStatus(query["status"], out var s) ? s : null;
        HumanRequestType? type = HumanRequestNames.TryParseType(query["type"], out var t) ? t : null;
        string? before = query["before"] is { Count: > 0 } cursor && !string.IsNullOrWhiteSpace(cursor) ? cursor.ToString().Trim() : null;
        var html = new Html();
        if (!TryParseLimit(query["limit"], out var limit))
        {
            html.Element("p", $"Unknown filter: limit is 1–{MaxPageSize}.", "class=\"error\" role=\"alert\" id=\"error\"");
            return Layout.Page(context, "Requests", "Requests", html, live: false, StatusCodes.Status400BadRequest);
        }

        var manager = context.Http.RequestServices.GetRequiredService<IHumanRequestManager>();
        var all = await manager.ListAsync(new HumanRequestFilter { Status = status, Type = type }, cancellationToken).ConfigureAwait(false);
        var page = RequestPage.Of(all, before, limit);

        html.Raw($"<form method=\"get\" action=\"{Html.Encode(context.Url("/requests"))}\" class=\"filters\">")
            .Raw("<label>Status <select name=\"status\"><option value=\"\">all</option>");
        foreach (var value in Enum.GetValues<HumanRequestStatus>())
        {
            Option(html, value.ToWireName(), status == value);
        }

        html.Raw("</select></label><label>Type <select name=\"type\"><option value=\"\">all</option>");
        foreach (var value in Enum.GetValues<HumanRequestType>())
        {
            Option(html, value.ToWireName(), type == value);
        }

        html.Raw("</select></label>");
        if (limit != DefaultPageSize)
        {
            html.Raw($"<input type=\"hidden\" name=\"limit\" value=\"{limit.ToString(CultureInfo.InvariantCulture)}\">");
        }

        html.Raw("<button type=\"submit\">Filter</button></form>");
        if (page.Requests.Count == 0)
        {
            html.Element("p", before is null ? "No requests." : "No older requests.", "class=\"muted\" id=\"no-requests\"");
        }
        else
        {
            html.Raw("<table id=\"requests\"><thead><tr><th>Id</th><th>Title</th><th>Type</th><th>Status</th><th>Cost</th><th>Priority</th><th>Created</th></tr></thead><tbody>");
            foreach (var request in page.Requests)
            {
                html.Raw($"<tr data-request=\"{Html.Encode(request.Id)}\"><td data-label=\"Id\" class=\"mono\"><a href=\"{Html.Encode(context.Url("/requests/" + Uri.EscapeDataString(request.Id)))}\">")
                    .Raw(Html.Truncated(request.Id, "trunc short")).Raw("</a></td>")
                    .Cell("Title", request.Title)
                    .Cell("Type", request.Type.ToWireName())
                    .Raw($"<td data-label=\"Status\"><span class=\"status {request.Status.ToWireName()}\">").Text(request.Status.ToWireName()).Raw("</span></td>")
                    .Cell("Cost", Html.Money(request.EstimatedCost))
                    .Cell("Priority", request.Priority.ToString(CultureInfo.InvariantCulture))
                    .MarkupCell("Created", context.When(request.CreatedAt))
                    .Raw("</tr>");
            }

            html.Raw("</tbody></table>");
        }

        html.Raw("<p class=\"pager\">");
        if (before is not null)
        {
            html.Raw($"<a id=\"newest\" href=\"{Html.Encode(ListUrl(context, status, type, before: null, limit))}\">").Text("« Newest").Raw("</a>");
        }

        if (page.NextBefore is { } next)
        {
            html.Raw($"<a id=\"older\" href=\"{Html.Encode(ListUrl(context, status, type, next, limit))}\">").Text("Older »").Raw("</a>");
        }

        html.Raw("</p>");

        // As on the tasks page, only the newest page refreshes itself: an older one keeps showing what its cursor meant.
        return Layout.Page(context, "Requests", "Requests", html, live: before is null);
    }

    /// <summary>The list's link with its filters, cursor and page size (defaults left out).</summary>
    internal static string ListUrl(DashboardContext context, HumanRequestStatus? status, HumanRequestType? type, string? before, int limit)
    {
        var parts = new List<string>();
        if (status is { } s)
        {
            parts.Add("status=" + s.ToWireName());
        }

        if (type is { } t)
        {
            parts.Add("type=" + t.ToWireName());
        }

        if (before is not null)
        {
            parts.Add("before=" + Uri.EscapeDataString(before));
        }

        if (limit != DefaultPageSize)
        {
            parts.Add("limit=" + limit.ToString(CultureInfo.InvariantCulture));
        }

        return context.Url("/requests") + (parts.Count > 0 ? "?" + string.Join('&', parts) : string.Empty);
    }

    private static bool TryParseLimit(string? value, out int limit)
    {
        limit = DefaultPageSize;
        return string.IsNullOrWhiteSpace(value)
            || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxPageSize);
    }

    public static async Task<IResult> DetailAsync(DashboardContext context, string id, string? error, int statusCode, CancellationToken cancellationToken)
    {
        var manager = context.Http.RequestServices.GetRequiredService<IHumanRequestManager>();
        var request = await manager.FindAsync(id, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Layout.Page(context, "Not found", "Requests", new Html().Element("p", $"There is no request '{id}'.", "class=\"error\" role=\"alert\""), live: false, StatusCodes.Status404NotFound);
        }

        var html = new Html();
        if (error is not null)
        {
            html.Element("p", error, "class=\"error\" role=\"alert\" id=\"error\"");
        }

        html.Raw("<dl class=\"facts\">");
        Fact(html, "Title", request.Title);
        html.Raw($"<dt>Status</dt><dd><span id=\"status\" class=\"status {request.Status.ToWireName()}\">").Text(request.Status.ToWireName()).Raw("</span></dd>");
        Fact(html, "Type", request.Type.ToWireName());
        Fact(html, "Estimated cost", Html.Money(request.EstimatedCost));
        Fact(html, "Actual cost", Html.Money(request.ActualCost));
        Fact(html, "Priority", request.Priority.ToString(CultureInfo.InvariantCulture));
        html.Element("dt", "Created").Raw("<dd>").Raw(context.When(request.CreatedAt)).Words($" by {request.CreatedBy}").Raw("</dd>");
        if (request.PostponedUntil is { } until)
        {
            html.Element("dt", "Postponed until").Raw("<dd id=\"postponed-until\">").Raw(context.When(until)).Raw("</dd>");
        }

        if (request.ExpiresAt is { } expires)
        {
            // "Expires in 10 min" while a decision is awaited; afterwards the moment it had (or would have) expired.
            var label = HumanRequestTransitions.IsAwaitingDecision(request.Status) ? "Expires" : "Expiry";
            html.Element("dt", label).Raw("<dd id=\"expires-at\">").Raw(context.When(expires)).Raw("</dd>");
        }

        if (request.Options.Count > 0)
        {
            html.Element("dt", "Options").Raw("<dd id=\"options\">").Text(string.Join(" · ", request.Options)).Raw("</dd>");
        }

        if (request.ChosenOption is { } chosen)
        {
            html.Element("dt", "Chosen option").Raw("<dd id=\"chosen-option\">").Text(chosen).Raw("</dd>");
        }

        html.Raw("</dl>");
        if (request.Description.Length > 0)
        {
            html.Element("p", request.Description, "class=\"description\"");
        }

        Actions(context, html, request);
        html.Element("h2", "History").Raw("<ol class=\"history\">");
        foreach (var entry in request.History)
        {
            var change = entry.From is { } from ? $"{from.ToWireName()} → {entry.To.ToWireName()}" : entry.To.ToWireName();
            html.Raw("<li>").Raw(context.When(entry.At)).Raw(" ").Element("strong", entry.Action.ToWireName())
                .Text($" {change} by {entry.Actor}");
            if (!string.IsNullOrEmpty(entry.Note))
            {
                html.Raw(": ").Element("em", entry.Note);
            }

            html.Raw("</li>");
        }

        html.Raw("</ol>");
        return Layout.Page(context, $"{request.Id}: {request.Title}", "Requests", html, live: false, statusCode);
    }

    private static void Actions(DashboardContext context, Html html, HumanRequest request)
    {
        var allowed = Enum.GetValues<HumanRequestAction>().Where(a => a is not HumanRequestAction.Create and not HumanRequestAction.Resume && HumanRequestTransitions.IsAllowed(request.Status, a)).ToList();
        if (allowed.Count == 0)
        {
            return;
        }

        html.Element("h2", "Decide").Raw("<div class=\"actions\">");
        foreach (var action in allowed)
        {
            var name = action.ToWireName();
            html.Raw($"<form method=\"post\" action=\"{Html.Encode(context.Url($"/requests/{Uri.EscapeDataString(request.Id)}/{name}"))}\" class=\"action {name}\">")
                .Raw(context.AntiforgeryField());
            switch (action)
            {
                case HumanRequestAction.Reject:
                    html.Raw("<label>Reason <input name=\"note\" required maxlength=\"500\"></label>");
                    break;
                case HumanRequestAction.Postpone:
                    html.Raw("<label>For <input name=\"duration\" required placeholder=\"2h, 30m, 1d, 1w\" pattern=\"\\s*([0-9]{1,6}[mhdwMHDW]|([0-9]{1,3}\\.)?[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?)\\s*\"></label>")
                        .Raw("<label>Note <input name=\"note\" maxlength=\"500\"></label>");
                    break;
                case HumanRequestAction.Complete:
                    html.Raw("<label>Actual cost <input name=\"cost\" type=\"number\" min=\"0\" step=\"0.01\" inputmode=\"decimal\"></label>")
                        .Raw("<label>Note <input name=\"note\" maxlength=\"500\"></label>");
                    break;
                default:
                    html.Raw("<label>Note <input name=\"note\" maxlength=\"500\"></label>");
                    break;
            }

            var label = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(name);
            if (action == HumanRequestAction.Approve && request.Options.Count > 0)
            {
                // A button per option: approving means choosing one.
                foreach (var option in request.Options)
                {
                    html.Raw($"<button type=\"submit\" name=\"option\" value=\"{Html.Encode(option)}\" class=\"choose\">").Text($"{label} {option}").Raw("</button>");
                }

                html.Raw("</form>");
                continue;
            }

            html.Raw($"<button type=\"submit\" name=\"action\" value=\"{name}\">").Text(label).Raw("</button></form>");
        }

        html.Raw("</div>");
    }

    private static void Option(Html html, string value, bool selected) =>
        html.Raw($"<option value=\"{Html.Encode(value)}\"{(selected ? " selected" : string.Empty)}>").Text(value).Raw("</option>");

    private static void Fact(Html html, string name, string value) => html.Element("dt", name).Raw("<dd>").Words(value).Raw("</dd>");
}
