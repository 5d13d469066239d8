using System.Net.Http.Json;

namespace D8.Distributed.Contracts;

/// <summary>The registry calls of the master API (<c>/api/v1/slaves</c>).</summary>
public sealed partial class D8MasterClient
{
    /// <summary>Lists the registered slaves, ordered by id (<c>GET /api/v1/slaves</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The slaves as the master last saw them.</returns>
    /// <exception cref="D8MasterApiException">The master answered with an error status.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<IReadOnlyList<SlaveResponse>> ListSlavesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Get, "api/v1/slaves", null, D8MasterApiJsonContext.Default.IReadOnlyListSlaveResponse, cancellationToken);

    /// <summary>Registers a slave (<c>POST /api/v1/slaves</c>).</summary>
    /// <param name="request">The slave: id, host, port, capabilities.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new slave, status <c>unknown</c> until its first check.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is <see langword="null"/>.</exception>
    /// <exception cref="D8MasterApiException">400 for an invalid field (named), 409 when the id is already registered.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<SlaveResponse> RegisterSlaveAsync(SlaveRegistrationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(HttpMethod.Post, "api/v1/slaves", JsonContent.Create(request, D8MasterApiJsonContext.Default.SlaveRegistrationRequest), D8MasterApiJsonContext.Default.SlaveResponse, cancellationToken);
    }

    /// <summary>Unregisters a slave (<c>DELETE /api/v1/slaves/{id}</c>).</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the slave is removed.</returns>
    /// <exception cref="ArgumentException"><paramref name="slaveId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when no slave has that id.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task RemoveSlaveAsync(string slaveId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Delete, "api/v1/slaves/" + Id(slaveId, nameof(slaveId)), cancellationToken);

    /// <summary>Checks one slave's health and version now (<c>POST /api/v1/slaves/{id}/check</c>).</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The slave after the check.</returns>
    /// <exception cref="ArgumentException"><paramref name="slaveId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when no slave has that id.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<SlaveResponse> CheckSlaveAsync(string slaveId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/slaves/" + Id(slaveId, nameof(slaveId)) + "/check", null, D8MasterApiJsonContext.Default.SlaveResponse, cancellationToken);

    /// <summary>Checks every slave now, concurrently (<c>POST /api/v1/slaves/check</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The slaves after the sweep, ordered by id.</returns>
    /// <exception cref="D8MasterApiException">The master answered with an error status.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<IReadOnlyList<SlaveResponse>> CheckSlavesAsync(CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/slaves/check", null, D8MasterApiJsonContext.Default.IReadOnlyListSlaveResponse, cancellationToken);

    /// <summary>
    /// Drains a slave (<c>POST /api/v1/slaves/{id}/drain</c>): the master assigns it no new task (running ones finish)
    /// until it is undrained; persisted in the registry.
    /// </summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The slave, <see cref="SlaveResponse.Drained"/> true.</returns>
    /// <exception cref="ArgumentException"><paramref name="slaveId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when no slave has that id.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<SlaveResponse> DrainSlaveAsync(string slaveId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/slaves/" + Id(slaveId, nameof(slaveId)) + "/drain", null, D8MasterApiJsonContext.Default.SlaveResponse, cancellationToken);

    /// <summary>Undrains a slave (<c>POST /api/v1/slaves/{id}/undrain</c>): it gets tasks again.</summary>
    /// <param name="slaveId">The slave id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The slave, <see cref="SlaveResponse.Drained"/> false.</returns>
    /// <exception cref="ArgumentException"><paramref name="slaveId"/> is empty.</exception>
    /// <exception cref="D8MasterApiException">404 when no slave has that id.</exception>
    /// <exception cref="HttpRequestException">The master cannot be reached.</exception>
    public Task<SlaveResponse> UndrainSlaveAsync(string slaveId, CancellationToken cancellationToken = default) =>
        SendAsync(HttpMethod.Post, "api/v1/slaves/" + Id(slaveId, nameof(slaveId)) + "/undrain", null, D8MasterApiJsonContext.Default.SlaveResponse, cancellationToken);
}
