using D8.Distributed.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary>
/// The task detail's cancel button (POST, anti-forgery checked by <see cref="DashboardAccess"/>). Success redirects to the
/// task (post/redirect/get); a task that ended meanwhile is shown again with the reason, unchanged.
/// </summary>
internal static class TaskActions
{
    public static async Task<IResult> CancelAsync(DashboardContext context, string id, CancellationToken cancellationToken)
    {
        var services = context.Http.RequestServices;
        var reason = $"cancelled in the dashboard by {context.Options.Actor}";
        var result = await services.GetRequiredService<ITaskQueue>().CancelAsync(id, reason, cancellationToken).ConfigureAwait(false);
        if (result is null)
        {
            return TasksPage.NotFound(context, id);
        }

        if (!result.Cancelled)
        {
            var error = $"Task {id} was not cancelled: it had already ended ({result.Task.Status.ToName()}).";
            return await TasksPage.DetailAsync(context, id, error, StatusCodes.Status409Conflict, cancellationToken).ConfigureAwait(false);
        }

        Log.TaskCancelled(services.GetRequiredService<ILogger<DashboardContext>>(), id);
        return Results.Redirect(TasksPage.TaskUrl(context, id), permanent: false, preserveMethod: false);
    }
}
