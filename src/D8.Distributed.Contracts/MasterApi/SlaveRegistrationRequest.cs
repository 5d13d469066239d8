namespace D8.Distributed.Contracts;

/// <summary>The body of <c>POST /api/v1/slaves</c>: a slave to register.</summary>
public sealed record SlaveRegistrationRequest
{
    /// <summary>Gets the slave id (required; an id already registered is refused with 409).</summary>
    public string? Id { get; init; }

    /// <summary>Gets the host name or IP address (required; no scheme, no port).</summary>
    public string? Host { get; init; }

    /// <summary>Gets the TCP port of the slave API; <see langword="null"/> for 7600.</summary>
    public int? Port { get; init; }

    /// <summary>Gets the capabilities and labels tasks can require (for example <c>gpu</c>).</summary>
    public IReadOnlyList<string>? Capabilities { get; init; }
}
