using System.Collections.Concurrent;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// The certificate check of the slave client: an HTTPS slave's certificate is accepted when, and only when, its
/// SHA-256 fingerprint is the one pinned for that slave (<see cref="SlaveRequestOptions.PinnedFingerprint"/>). No CA
/// chain, no host name: a slave's certificate is self-signed as a rule, and the pin says more than both.
/// </summary>
/// <remarks>
/// The callback is <see cref="HttpClientHandler.ServerCertificateCustomValidationCallback"/>, because that one is
/// given the request (so the slave's pin); <see cref="SocketsHttpHandler"/>'s own callback only sees the TLS stream.
/// What a refused slave presented is kept per address, so the client can tell "changed" from other TLS failures.
/// </remarks>
internal sealed class SlaveCertificatePinning
{
    private readonly ConcurrentDictionary<string, string> _refused = new(StringComparer.OrdinalIgnoreCase);

    public bool Validate(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var authority = request.RequestUri?.Authority ?? string.Empty;
        if (certificate is null)
        {
            return false;
        }

        var presented = SlaveTlsFingerprint.Of(certificate);
        if (request.Options.TryGetValue(SlaveRequestOptions.PinnedFingerprint, out var pinned)
            && pinned.Length > 0
            && string.Equals(pinned, presented, StringComparison.Ordinal))
        {
            _refused.TryRemove(authority, out _);
            return true;
        }

        // On the request too: it is normally the one that gets the failure, and then no older refusal can be mistaken for it.
        request.Options.Set(Presented, presented);
        _refused[authority] = presented;
        return false;
    }

    /// <summary>The refused fingerprint a request's connection attempt saw, set by <see cref="Validate"/>.</summary>
    public static readonly HttpRequestOptionsKey<string> Presented = new("D8.PresentedFingerprint");

    /// <summary>
    /// The fingerprint refused for this request, else the one its address presented when it was last refused (the
    /// connection may have been opened for another request); <see langword="null"/> when none was refused.
    /// </summary>
    public string? RefusedFor(HttpRequestMessage request, Uri address) =>
        request.Options.TryGetValue(Presented, out var presented) ? presented : _refused.GetValueOrDefault(address.Authority);
}
