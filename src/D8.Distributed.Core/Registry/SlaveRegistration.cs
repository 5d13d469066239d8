using System.Globalization;
using System.Text;

namespace D8.Distributed.Core;

/// <summary>What <see cref="ISlaveRegistry.RegisterAsync"/> needs to add a slave.</summary>
/// <param name="Id">The slave id (unique; registering it twice is an error).</param>
/// <param name="Host">The host name or IP address of the slave.</param>
/// <param name="Port">The TCP port of the slave API.</param>
public sealed record SlaveRegistration(string Id, string Host, int Port = SlaveRegistration.DefaultPort)
{
    /// <summary>The slave API's default port.</summary>
    public const int DefaultPort = 7600;

    /// <summary>Gets the capabilities and labels of the slave (for example <c>gpu</c>), used for task assignment.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets how the slave was installed (<c>python</c>, <c>docker</c>, ...); kept for the old registry format.</summary>
    public string InstallMethod { get; init; } = "python";

    /// <summary>
    /// Gets whether the master talks HTTPS to the slave (d8-slave with <c>D8:Slave:Https</c>). Such a slave is never
    /// called over plain HTTP; its certificate is accepted only when its SHA-256 fingerprint is
    /// <see cref="TlsFingerprint"/>.
    /// </summary>
    public bool Https { get; init; }

    /// <summary>
    /// Gets the SHA-256 fingerprint to pin (see <see cref="SlaveTlsFingerprint"/>; colons and upper case accepted).
    /// Only with <see cref="Https"/>; without one, every call fails until <c>d8-master slaves trust &lt;id&gt;</c>
    /// learns it.
    /// </summary>
    public string? TlsFingerprint { get; init; }

    /// <summary>
    /// Gets this slave's own bearer token (its <c>SLAVE_TOKEN</c>), sent to it instead of the shared
    /// <c>D8:Master:Token</c>; <see langword="null"/> uses the shared one. The file registry keeps it in
    /// <c>slaves/secrets.json</c> (0600), never in <c>slaves/config.json</c>, and removes it with the slave. Never
    /// printed by <see cref="ToString"/>.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>
    /// Checks the registration and makes the registry entry a store writes (without <see cref="Token"/>, which is kept
    /// apart): what every <see cref="ISlaveRegistry"/> implementation does on <see cref="ISlaveRegistry.RegisterAsync"/>.
    /// </summary>
    /// <param name="registeredAt">When it was registered.</param>
    /// <returns>The new entry, its fingerprint normalised.</returns>
    /// <exception cref="ArgumentException">An empty id or host, a port outside 1–65535, a fingerprint without
    /// <see cref="Https"/> or not a SHA-256 one, or an empty token.</exception>
    public SlaveInfo ToSlaveInfo(DateTimeOffset registeredAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Id);
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        if (Port is < 1 or > 65535)
        {
            throw new ArgumentException($"Port {Port} of slave '{Id}' is not a TCP port (1-65535).");
        }

        string? fingerprint = null;
        if (TlsFingerprint is not null)
        {
            if (!Https)
            {
                throw new ArgumentException($"Slave '{Id}' has a TLS fingerprint but is not registered for HTTPS.");
            }

            if (!SlaveTlsFingerprint.TryNormalize(TlsFingerprint, out fingerprint))
            {
                throw new ArgumentException(
                    $"The TLS fingerprint of slave '{Id}' is not a SHA-256 fingerprint ({SlaveTlsFingerprint.Length} hex digits, colons allowed).");
            }
        }

        if (Token is { } ownToken && string.IsNullOrWhiteSpace(ownToken))
        {
            throw new ArgumentException($"The token of slave '{Id}' is empty; leave it null to use the shared token.");
        }

        return new SlaveInfo
        {
            Id = Id,
            Host = Host,
            Port = Port,
            InstallMethod = InstallMethod,
            RegisteredAt = registeredAt,
            Capabilities = [.. Capabilities],
            Https = Https,
            TlsFingerprint = fingerprint,
        };
    }

    // The token must not reach a log line through the record's generated ToString.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"Id = {Id}, Host = {Host}, Port = {Port}, Capabilities = [{string.Join(", ", Capabilities)}], InstallMethod = {InstallMethod}, ");
        builder.Append(CultureInfo.InvariantCulture, $"Https = {Https}, TlsFingerprint = {TlsFingerprint}, Token = {(Token is null ? "null" : "***")}");
        return true;
    }
}
