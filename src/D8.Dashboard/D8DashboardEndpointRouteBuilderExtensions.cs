using D8.Dashboard.Internal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Dashboard;

/// <summary>Maps the dashboard's pages.</summary>
public static class D8DashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard under <see cref="D8DashboardOptions.PathBase"/>: overview <c>/</c>, <c>/requests</c>,
    /// <c>/requests/{id}</c>, <c>/tasks</c>, <c>/tasks/{id}</c>, <c>/signin</c> and the embedded assets. Needs <c>AddD8Dashboard</c>.
    /// </summary>
    /// <param name="endpoints">The app's endpoint route builder.</param>
    /// <returns>The group holding the dashboard's endpoints.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddD8Dashboard</c> was not called.</exception>
    public static RouteGroupBuilder MapD8Dashboard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<SignInGate>() is null)
        {
            throw new InvalidOperationException("MapD8Dashboard needs services.AddD8Dashboard(...) first.");
        }

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<D8DashboardOptions>>().Value;
        var root = endpoints.MapGroup(options.PathBase ?? string.Empty);
        root.MapGet("/assets/{name}", (HttpContext http, string name) => DashboardAssets.Get(http, name));

        var open = root.MapGroup(string.Empty).AddEndpointFilter(new DashboardAccess(allowAnonymous: true));
        open.MapGet("/signin", (HttpContext http) => SignInPage.Render(new DashboardContext(http), error: null));
        open.MapPost("/signin", (HttpContext http, CancellationToken ct) => SignInPage.SubmitAsync(new DashboardContext(http), ct));

        var pages = root.MapGroup(string.Empty).AddEndpointFilter(new DashboardAccess(allowAnonymous: false));
        pages.MapGet("/", (HttpContext http, CancellationToken ct) => OverviewPage.RenderAsync(new DashboardContext(http), ct));
        pages.MapGet("/requests", (HttpContext http, CancellationToken ct) => RequestsPages.ListAsync(new DashboardContext(http), ct));
        pages.MapGet("/requests/{id}", (HttpContext http, string id, CancellationToken ct) => RequestsPages.DetailAsync(new DashboardContext(http), id, error: null, StatusCodes.Status200OK, ct));
        pages.MapPost("/requests/{id}/{action}", (HttpContext http, string id, string action, CancellationToken ct) => RequestActions.HandleAsync(new DashboardContext(http), id, action, ct));
        pages.MapGet("/tasks", (HttpContext http, CancellationToken ct) => TasksPage.ListAsync(new DashboardContext(http), ct));
        pages.MapGet("/tasks/{id}", (HttpContext http, string id, CancellationToken ct) => TasksPage.DetailAsync(new DashboardContext(http), id, error: null, StatusCodes.Status200OK, ct));
        pages.MapPost("/tasks/{id}/cancel", (HttpContext http, string id, CancellationToken ct) => TaskActions.CancelAsync(new DashboardContext(http), id, ct));
        pages.MapPost("/signout", (HttpContext http, CancellationToken ct) => SignInPage.SignOutAsync(new DashboardContext(http)));
        return root;
    }
}
