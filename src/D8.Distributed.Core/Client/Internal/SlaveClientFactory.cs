using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Creates <see cref="SlaveClient"/>s on the named, resilience-wrapped <see cref="HttpClient"/>, so long-lived
/// singletons (monitor, dispatcher) always get a client whose handlers the factory rotates.
/// </summary>
internal sealed class SlaveClientFactory(
    IHttpClientFactory httpClientFactory,
    IOptions<D8MasterOptions> options,
    SlaveCertificatePinning pinning,
    SlaveSecretStore secrets)
{
    public const string HttpClientName = "D8.Distributed.Slave";

    public SlaveClient Create() => new(httpClientFactory.CreateClient(HttpClientName), options, pinning, secrets);
}
