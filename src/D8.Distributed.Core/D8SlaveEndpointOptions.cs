using System.ComponentModel.DataAnnotations;

namespace D8.Distributed.Core;

/// <summary>A slave declared in configuration (<c>D8:Master:Slaves:&lt;id&gt;</c>).</summary>
public sealed class D8SlaveEndpointOptions
{
    /// <summary>Gets or sets the host name or IP address of the slave.</summary>
    [Required]
    public string Host { get; set; } = string.Empty;

    /// <summary>Gets or sets the TCP port of the slave API.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 7600;

    /// <summary>Gets or sets the capabilities and labels of the slave (for example <c>gpu</c>).</summary>
    public IList<string> Capabilities { get; set; } = [];

    /// <summary>
    /// Gets or sets whether the master talks HTTPS to the slave, its certificate pinned by <see cref="TlsFingerprint"/>
    /// (or, when that is not set, by the fingerprint <c>d8-master slaves trust &lt;id&gt;</c> stored in
    /// <c>slaves/config.json</c>).
    /// </summary>
    public bool Https { get; set; }

    /// <summary>
    /// Gets or sets the SHA-256 fingerprint of the slave's certificate to pin (64 hex digits, colons allowed); only with
    /// <see cref="Https"/>. When set it wins over the one in <c>slaves/config.json</c>.
    /// </summary>
    public string? TlsFingerprint { get; set; }
}
