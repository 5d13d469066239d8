using System.Text.RegularExpressions;
using D8.Distributed.Contracts;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace D8.Dashboard.Internal;

/// <summary><c>/api/v1/slaves</c>: the registry (<see cref="ISlaveRegistry"/>) and health checks on demand.</summary>
internal static partial class SlaveEndpoints
{
    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/slaves", (HttpContext http) => List(http));
        api.MapPost("/slaves", (HttpContext http, CancellationToken ct) => RegisterAsync(http, ct));
        api.MapPost("/slaves/check", (HttpContext http, CancellationToken ct) => CheckAllAsync(http, ct));
        api.MapDelete("/slaves/{id}", (HttpContext http, string id, CancellationToken ct) => RemoveAsync(http, id, ct));
        api.MapPost("/slaves/{id}/check", (HttpContext http, string id, CancellationToken ct) => CheckAsync(http, id, ct));
        api.MapPost("/slaves/{id}/drain", (HttpContext http, string id, CancellationToken ct) => SetDrainedAsync(http, id, drained: true, ct));
        api.MapPost("/slaves/{id}/undrain", (HttpContext http, string id, CancellationToken ct) => SetDrainedAsync(http, id, drained: false, ct));
    }

    private static IResult List(HttpContext http) =>
        ApiResults.Json(ApiMapping.ToResponse(Registry(http).GetAll()), D8MasterApiJsonContext.Default.IReadOnlyListSlaveResponse);

    private static async Task<IResult> RegisterAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await ApiBody.ReadAsync(http.Request, D8MasterApiJsonContext.Default.SlaveRegistrationRequest, static () => new SlaveRegistrationRequest(), cancellationToken).ConfigureAwait(false);
        var registration = ToRegistration(body);
        SlaveInfo slave;
        try
        {
            slave = await Registry(http).RegisterAsync(registration, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new ApiException(StatusCodes.Status409Conflict, ex.Message);
        }
        catch (ArgumentException ex)
        {
            throw ApiException.BadRequest(ex.ParamName is { } name ? ex.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : ex.Message);
        }

        http.Response.Headers.Location = $"{http.Request.PathBase}{MasterApiRoutes.Prefix}/slaves/{Uri.EscapeDataString(slave.Id)}";
        return ApiResults.Json(ApiMapping.ToResponse(slave), D8MasterApiJsonContext.Default.SlaveResponse, StatusCodes.Status201Created);
    }

    private static async Task<IResult> RemoveAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        if (!await Registry(http).UnregisterAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw UnknownSlave(id);
        }

        return Results.NoContent();
    }

    private static async Task<IResult> CheckAllAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var slaves = await Monitor(http).CheckAllAsync(cancellationToken).ConfigureAwait(false);
        return ApiResults.Json(ApiMapping.ToResponse(slaves), D8MasterApiJsonContext.Default.IReadOnlyListSlaveResponse);
    }

    private static async Task<IResult> CheckAsync(HttpContext http, string id, CancellationToken cancellationToken)
    {
        if (Registry(http).Find(id) is null)
        {
            throw UnknownSlave(id);
        }

        SlaveInfo slave;
        try
        {
            slave = await Monitor(http).CheckAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyNotFoundException)
        {
            // Removed by another writer between the look-up and the check.
            throw UnknownSlave(id);
        }

        return ApiResults.Json(ApiMapping.ToResponse(slave), D8MasterApiJsonContext.Default.SlaveResponse);
    }

    private static async Task<IResult> SetDrainedAsync(HttpContext http, string id, bool drained, CancellationToken cancellationToken)
    {
        var registry = Registry(http);
        var change = await registry.UpdateAsync(id, slave => slave.Drained == drained ? slave : slave with { Drained = drained }, cancellationToken).ConfigureAwait(false);
        var slave = change?.After ?? registry.Find(id) ?? throw UnknownSlave(id);
        if (change is not null)
        {
            var logger = http.RequestServices.GetRequiredService<ILogger<MasterApiAccess>>();
            if (drained)
            {
                Log.SlaveDrained(logger, id);
            }
            else
            {
                Log.SlaveUndrained(logger, id);
            }
        }

        return ApiResults.Json(ApiMapping.ToResponse(slave), D8MasterApiJsonContext.Default.SlaveResponse);
    }

    private static SlaveRegistration ToRegistration(SlaveRegistrationRequest body)
    {
        if (string.IsNullOrWhiteSpace(body.Id))
        {
            throw ApiException.BadRequest("'id' is required: the slave's id, for example desk-pc.");
        }

        if (!SlaveIdPattern().IsMatch(body.Id))
        {
            throw ApiException.BadRequest($"'id' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit (got '{body.Id}').");
        }

        if (string.IsNullOrWhiteSpace(body.Host))
        {
            throw ApiException.BadRequest("'host' is required: the slave's host name or IP address.");
        }

        var host = body.Host.Trim();
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            throw ApiException.BadRequest($"'host' must be a host name or IP address alone (got '{host}'); give the port in 'port'.");
        }

        var port = body.Port ?? SlaveRegistration.DefaultPort;
        if (port is < 1 or > 65535)
        {
            throw ApiException.BadRequest($"'port' must be a TCP port, 1-65535 (got {port}).");
        }

        var capabilities = body.Capabilities ?? [];
        foreach (var capability in capabilities)
        {
            if (string.IsNullOrWhiteSpace(capability))
            {
                throw ApiException.BadRequest("'capabilities' must not hold an empty name.");
            }

            TaskSubmission.NoNul(capability, "capabilities");
        }

        return new SlaveRegistration(body.Id, host, port)
        {
            Capabilities = [.. capabilities.Select(capability => capability.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)],
        };
    }

    private static ISlaveRegistry Registry(HttpContext http) => http.RequestServices.GetRequiredService<ISlaveRegistry>();

    private static ISlaveHealthMonitor Monitor(HttpContext http) => http.RequestServices.GetRequiredService<ISlaveHealthMonitor>();

    private static ApiException UnknownSlave(string id) => ApiException.NotFound($"No slave with id '{id}' is registered.");

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SlaveIdPattern();
}
