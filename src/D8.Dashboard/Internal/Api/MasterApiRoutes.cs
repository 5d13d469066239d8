using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>The routes of the master API and of <c>/healthz</c>.</summary>
internal static class MasterApiRoutes
{
    public const string Prefix = "/api/v1";

    public const string HealthPath = "/healthz";

    /// <summary>The role of a master on its own; several masters (a leader lease) will say <c>follower</c> too.</summary>
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var services = endpoints.ServiceProvider;
        var version = new Lazy<D8VersionInfo>(() =>
        {
            var master = services.GetRequiredService<IOptions<D8MasterOptions>>().Value;
            var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath;
            return D8VersionInfoResolver.Resolve(new D8VersionInfo(master.Commit ?? string.Empty, master.Version ?? string.Empty, master.Branch ?? string.Empty), contentRoot);
        });
        var leadership = services.GetService<ID8Leadership>() ?? D8StandaloneLeadership.Instance;
        endpoints.MapGet(HealthPath, async (HttpContext http) =>
        {
            var storeError = await StoreHealth.CheckAsync(http.RequestServices, http.RequestAborted).ConfigureAwait(false);
            return ApiResults.Json(
                new MasterHealthResponse
                {
                    Status = storeError is null ? "ok" : "degraded",
                    Role = leadership.Role.ToWireName(),
                    Version = version.Value.Version,
                    Commit = version.Value.Commit,
                    Store = storeError is null ? "ok" : "unavailable",
                    StoreError = storeError,
                },
                D8MasterApiJsonContext.Default.MasterHealthResponse);
        });

        // A bearer API: forms and cookies play no part, so the anti-forgery middleware must never judge these calls.
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter(new MasterApiAccess()).DisableAntiforgery();
        TaskEndpoints.Map(api);
        SlaveEndpoints.Map(api);
        RequestEndpoints.Map(api);
        api.MapFallback((HttpContext http) => ApiResults.Error(
            StatusCodes.Status404NotFound,
            $"No master API endpoint {http.Request.Method} {http.Request.Path} (see docs/master-api.md)."));
        return api;
    }
}
