using Microsoft.Extensions.Primitives;

namespace D8.HumanRequests;

/// <summary>
/// Persists human requests record by record. The default is the JSON file
/// <c>&lt;data dir&gt;/human_requests/requests.json</c> in the old system's format; the PostgreSQL store lives in
/// <c>D8.Distributed.PostgreSql</c>. Register another implementation before <c>AddD8HumanRequests</c> to replace it.
/// </summary>
/// <remarks>
/// <para>Every write is atomic and exclusive of other writers of the same data, also in other processes (two masters,
/// the CLI). Ids are <c>req-0001</c>, <c>req-0002</c>, … from a persisted counter that equals the number of ids
/// handed out; an id is never handed out twice.</para>
/// <para>Implementations are thread-safe. A store that cannot read or write its data throws
/// <see cref="HumanRequestStoreException"/>.</para>
/// </remarks>
public interface IHumanRequestStore
{
    /// <summary>Where the data lives, for messages and logs (the JSON file's path; the PostgreSQL host and database).</summary>
    string Location { get; }

    /// <summary>The last id number handed out (the next id is <c>counter + 1</c>); also checks that the data can be
    /// read, which is how a corrupt file stops start-up.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The counter.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<int> GetCounterAsync(CancellationToken cancellationToken);

    /// <summary>Allocates the next id and stores the request <paramref name="create"/> builds for it, in one atomic
    /// step: two concurrent creates (also from two processes) get two ids.</summary>
    /// <param name="create">Builds the request for the allocated id; its <see cref="HumanRequest.Id"/> must be that id.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The stored request.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read or written.</exception>
    ValueTask<HumanRequest> CreateAsync(Func<string, HumanRequest> create, CancellationToken cancellationToken);

    /// <summary>Gets a request by its exact id.</summary>
    /// <param name="requestId">The id, e.g. <c>req-0001</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<HumanRequest?> GetAsync(string requestId, CancellationToken cancellationToken);

    /// <summary>Lists the requests matching <paramref name="filter"/> in creation order.</summary>
    /// <param name="filter">Criteria; <see langword="null"/> lists everything.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The matching requests.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<IReadOnlyList<HumanRequest>> QueryAsync(HumanRequestFilter? filter, CancellationToken cancellationToken);

    /// <summary>
    /// Applies <paramref name="update"/> to one request and saves the result atomically, exclusive of other writers of
    /// that request (also in other processes); other requests are not touched, so a concurrent update of another
    /// request is never lost. When <paramref name="update"/> throws, or returns its argument unchanged, nothing is
    /// written.
    /// </summary>
    /// <param name="requestId">The exact id.</param>
    /// <param name="update">Computes the new request from the current one; the id must stay the same.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The request as saved, or <see langword="null"/> when no request has this id.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read or written.</exception>
    ValueTask<HumanRequest?> UpdateAsync(string requestId, Func<HumanRequest, HumanRequest> update, CancellationToken cancellationToken);

    /// <summary>The notification outbox: the requests whose <see cref="HumanRequest.Notification"/> is not delivered
    /// yet (also those whose next attempt is in the future), in creation order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<IReadOnlyList<HumanRequest>> GetUndeliveredNotificationsAsync(CancellationToken cancellationToken);

    /// <summary>The postponed requests, soonest <see cref="HumanRequest.PostponedUntil"/> first (what the timer that
    /// brings them back to pending needs).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The requests.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<IReadOnlyList<HumanRequest>> GetPostponedAsync(CancellationToken cancellationToken);

    /// <summary>Cost totals of the requests that are neither rejected nor cancelled: overall, per type and per month
    /// of creation in <paramref name="timeZone"/>.</summary>
    /// <param name="timeZone">The zone whose calendar months group the requests.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The totals.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<HumanRequestBudget> GetBudgetAsync(TimeZoneInfo timeZone, CancellationToken cancellationToken);

    /// <summary>
    /// A token that fires at the next change of the data after the call: at once for changes made through this
    /// instance, within the store's change-signal delay for changes made by other instances and processes (JSON:
    /// the file is looked at every <see cref="D8HumanRequestsOptions.PollInterval"/>; PostgreSQL: LISTEN/NOTIFY).
    /// Take the token before reading what it guards, so no change falls between.
    /// </summary>
    /// <returns>A one-shot change token.</returns>
    IChangeToken WatchChanges();

    /// <summary>Stores a new owner alert (the alert outbox lives in the same store as the requests, so it is shared
    /// between masters). Delivered alerts beyond the <see cref="OwnerAlert.DeliveredKept"/> most recent are pruned in
    /// the same write.</summary>
    /// <param name="alert">The alert, with a unique <see cref="OwnerAlert.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns><see langword="true"/> when it was stored; <see langword="false"/> when an alert with this id exists
    /// (nothing written).</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read or written.</exception>
    ValueTask<bool> AddAlertAsync(OwnerAlert alert, CancellationToken cancellationToken);

    /// <summary>The alert outbox: the alerts not delivered yet (also those whose next attempt is in the future), in
    /// creation order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<IReadOnlyList<OwnerAlert>> GetUndeliveredAlertsAsync(CancellationToken cancellationToken);

    /// <summary>Every alert the store keeps (undelivered, and the delivered ones not pruned yet), in creation order.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The alerts.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read.</exception>
    ValueTask<IReadOnlyList<OwnerAlert>> GetAlertsAsync(CancellationToken cancellationToken);

    /// <summary>Applies <paramref name="update"/> to one alert and saves the result atomically, exclusive of other
    /// writers; when <paramref name="update"/> throws or returns its argument unchanged, nothing is written. Marking
    /// an alert delivered prunes the delivered alerts beyond the <see cref="OwnerAlert.DeliveredKept"/> most recent.</summary>
    /// <param name="alertId">The exact id.</param>
    /// <param name="update">Computes the new alert from the current one; the id must stay the same.</param>
    /// <param name="cancellationToken">Cancels the call before the write starts.</param>
    /// <returns>The alert as saved, or <see langword="null"/> when no alert has this id.</returns>
    /// <exception cref="HumanRequestStoreException">The data cannot be read or written.</exception>
    ValueTask<OwnerAlert?> UpdateAlertAsync(string alertId, Func<OwnerAlert, OwnerAlert> update, CancellationToken cancellationToken);
}
