using System.Globalization;
using D8.HumanRequests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary>
/// The decision forms' POST handler. Success redirects to the request (post/redirect/get); a refused transition or bad
/// input shows the request again with the error and changes nothing.
/// </summary>
internal static class RequestActions
{
    public static async Task<IResult> HandleAsync(DashboardContext context, string id, string action, CancellationToken cancellationToken)
    {
        var services = context.Http.RequestServices;
        var manager = services.GetRequiredService<IHumanRequestManager>();
        var form = await context.Http.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        var note = form["note"].ToString() is { Length: > 0 } text ? text.Trim() : null;
        var actor = context.Options.Actor;
        try
        {
            if (!HumanRequestNames.TryParseAction(action, out var parsed))
            {
                throw new ArgumentException($"Unknown action '{action}'.", nameof(action));
            }

            _ = parsed switch
            {
                HumanRequestAction.Approve => await manager.ApproveAsync(id, actor, note, cancellationToken).ConfigureAwait(false),
                HumanRequestAction.Reject => await manager.RejectAsync(id, actor, note ?? throw new ArgumentException("Give a reason to reject."), cancellationToken).ConfigureAwait(false),
                HumanRequestAction.Postpone => await manager.PostponeAsync(id, ParseDuration(form["duration"]), actor, note, cancellationToken).ConfigureAwait(false),
                HumanRequestAction.Complete => await manager.CompleteAsync(id, ParseCost(form["cost"]), actor, note, cancellationToken).ConfigureAwait(false),
                HumanRequestAction.Cancel => await manager.CancelAsync(id, actor, note, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentException($"The action '{action}' cannot be taken from the dashboard.", nameof(action)),
            };
            Log.Decided(services.GetRequiredService<ILogger<DashboardContext>>(), action, id);
            return Results.Redirect(context.Url("/requests/" + Uri.EscapeDataString(id)), permanent: false, preserveMethod: false);
        }
        catch (InvalidTransitionException ex)
        {
            return await RequestsPages.DetailAsync(context, id, ex.Message, StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false);
        }
        catch (HumanRequestNotFoundException ex)
        {
            return Layout.Page(context, "Not found", "Requests", new Html().Element("p", ex.Message, "class=\"error\" role=\"alert\""), live: false, StatusCodes.Status404NotFound);
        }
        catch (ArgumentException ex)
        {
            return await RequestsPages.DetailAsync(context, id, ex.Message, StatusCodes.Status400BadRequest, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Parses <c>30m</c>, <c>2h</c>, <c>1.5d</c>.</summary>
    internal static TimeSpan ParseDuration(string? text)
    {
        var value = (text ?? string.Empty).Trim().ToLowerInvariant();
        if (value.Length >= 2
            && double.TryParse(value[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            && amount > 0)
        {
            switch (value[^1])
            {
                case 'm': return TimeSpan.FromMinutes(amount);
                case 'h': return TimeSpan.FromHours(amount);
                case 'd': return TimeSpan.FromDays(amount);
            }
        }

        throw new ArgumentException($"Postpone for how long? '{text}' is not a duration like 30m, 2h or 1d.");
    }

    private static decimal? ParseCost(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var cost) && cost >= 0
            ? cost
            : throw new ArgumentException($"The actual cost '{text}' is not an amount ≥ 0 like 12.99.");
    }
}
