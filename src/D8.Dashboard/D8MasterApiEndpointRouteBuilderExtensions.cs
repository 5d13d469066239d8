using D8.Dashboard.Internal;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard;

/// <summary>Maps the master API (<c>/api/v1</c>) and <c>/healthz</c>.</summary>
public static class D8MasterApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the master API under <c>/api/v1</c> (tasks, slaves, human requests; JSON snake_case, errors
    /// <c>{"error": "..."}</c>) and <c>GET /healthz</c> (no token). With <see cref="D8MasterOptions.ApiToken"/> set every
    /// <c>/api/v1</c> call needs <c>Authorization: Bearer &lt;token&gt;</c> (401 otherwise); without it only loopback
    /// clients are answered (403 otherwise). Needs <c>AddD8Master</c>; the request calls need <c>AddD8HumanRequests</c>.
    /// The dashboard's sign-in and anti-forgery do not apply: it is a bearer API.
    /// </summary>
    /// <param name="endpoints">The app's endpoint route builder.</param>
    /// <returns>The group holding the <c>/api/v1</c> endpoints (conventions added to it apply to every API call).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException"><c>AddD8Master</c> was not called.</exception>
    public static RouteGroupBuilder MapD8MasterApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (endpoints.ServiceProvider.GetService<ISlaveRegistry>() is null)
        {
            throw new InvalidOperationException("MapD8MasterApi needs services.AddD8Master(...) first.");
        }

        return MasterApiRoutes.Map(endpoints);
    }
}
