using D8.HumanRequests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Internal;

/// <summary>Where the API and the overview read the owner alerts from.</summary>
internal static class OwnerAlertList
{
    /// <summary>How many alerts <c>GET /api/v1/alerts</c> answers without a <c>limit</c>.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest <c>limit</c>.</summary>
    public const int MaxLimit = 500;

    /// <summary>The human requests' store, which keeps the alerts.</summary>
    /// <exception cref="ApiException">503: the host has no human requests (no store for alerts).</exception>
    public static IHumanRequestStore StoreOf(IServiceProvider services) =>
        services.GetService<IHumanRequestStore>()
        ?? throw new ApiException(StatusCodes.Status503ServiceUnavailable, "This master has no human requests (AddD8HumanRequests is not called), so it keeps no owner alerts.");

    /// <summary>The newest <paramref name="limit"/> alerts, newest first.</summary>
    public static async Task<IReadOnlyList<OwnerAlert>> NewestAsync(IServiceProvider services, int limit, CancellationToken cancellationToken)
    {
        var alerts = await StoreOf(services).GetAlertsAsync(cancellationToken).ConfigureAwait(false);
        // The store lists them in creation order (the outbox's); newest first here.
        return [.. alerts.Reverse().Take(limit)];
    }
}
