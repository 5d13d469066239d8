using D8.Distributed.Slave.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Slave;

/// <summary>
/// Maps the slave HTTP API (health, version, execute, task status and cancel), wire-compatible with the older Python
/// slave.
/// </summary>
public static class D8SlaveEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /api/health</c> (no token), <c>GET /api/version</c> (no token), and with
    /// <c>Authorization: Bearer &lt;token&gt;</c>: <c>POST /api/execute</c>, <c>GET /api/tasks/{task_id}</c> and
    /// <c>POST /api/tasks/{task_id}/cancel</c>. Requires <c>services.AddD8Slave(...)</c>.
    /// </summary>
    /// <param name="endpoints">The application's endpoint route builder (for example the <c>WebApplication</c>).</param>
    /// <returns>The <c>/api</c> route group, to add conventions such as host filters.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddD8Slave</c> was not called.</exception>
    public static IEndpointConventionBuilder MapD8SlaveApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<IServiceProviderIsService>() is { } isService
            && !isService.IsService(typeof(SlaveApiHandlers)))
        {
            throw new InvalidOperationException("The D8 slave services are missing: call services.AddD8Slave(...) before app.MapD8SlaveApi().");
        }

        var group = endpoints.MapGroup("/api");
        group.MapGet("/health", (Delegate)(static (HttpContext context) => Handlers(context).HealthAsync(context.RequestAborted)));
        group.MapGet("/version", static (HttpContext context) => Handlers(context).Version());
        // Cast to Delegate: as a RequestDelegate the returned IResult would be discarded.
        group.MapPost("/execute", (Delegate)(static (HttpContext context) => Handlers(context).ExecuteAsync(context)));
        group.MapGet("/tasks/{task_id}", (Delegate)(static (HttpContext context) => Handlers(context).GetTask(context, TaskId(context))));
        group.MapPost("/tasks/{task_id}/cancel", (Delegate)(static (HttpContext context) => Handlers(context).CancelAsync(context, TaskId(context))));
        return group;
    }

    // Resolved per request (a singleton lookup) so invalid options surface at host start, not while mapping.
    private static SlaveApiHandlers Handlers(HttpContext context) => context.RequestServices.GetRequiredService<SlaveApiHandlers>();

    // The route template guarantees a non-empty segment.
    private static string TaskId(HttpContext context) => (string)context.Request.RouteValues["task_id"]!;
}
