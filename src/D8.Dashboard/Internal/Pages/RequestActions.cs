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
        var option = form["option"].ToString() is { Length: > 0 } chosen ? chosen : null;
        try
        {
            if (!HumanRequestNames.TryParseAction(action, out var parsed))
            {
                throw new ArgumentException($"Unknown action '{action}'.", nameof(action));
            }

            _ = parsed switch
            {
                HumanRequestAction.Approve when option is not null => await manager.ChooseAsync(id, option, actor, note, cancellationToken).ConfigureAwait(false),
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

    /// <summary>The postpone form's duration, in the grammar of <see cref="HumanRequestInput.TryParseDuration"/>.</summary>
    internal static TimeSpan ParseDuration(string? text) =>
        HumanRequestInput.TryParseDuration(text, out var duration)
            ? duration
            : throw new ArgumentException($"Postpone for how long? '{text}' is not a duration like 30m, 2h, 1d, 1w or 1.02:00:00 (at most 365 days).");

    /// <summary>The complete form's actual cost (empty: none), in the grammar of <see cref="HumanRequestInput.TryParseAmount"/>.</summary>
    internal static decimal? ParseCost(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return HumanRequestInput.TryParseAmount(text, out var cost)
            ? cost
            : throw new ArgumentException($"The actual cost '{text}' is not an amount like 12.99 (0 to 1000000, no thousands separators).");
    }
}
