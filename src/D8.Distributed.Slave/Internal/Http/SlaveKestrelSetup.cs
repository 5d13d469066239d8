using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>Listens on <see cref="D8SlaveOptions.Host"/>:<see cref="D8SlaveOptions.Port"/> when <see cref="D8SlaveOptions.ConfigureKestrel"/> is set.</summary>
internal sealed class SlaveKestrelSetup(IOptions<D8SlaveOptions> options, SlaveCertificate certificate) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var value = options.Value;
        if (!value.ConfigureKestrel)
        {
            return;
        }

        if (!TryParseHost(value.Host, out var address))
        {
            throw new OptionsValidationException(D8SlaveOptions.SectionName, typeof(D8SlaveOptions), [$"D8:Slave:Host '{value.Host}' is not an IP address or 'localhost'."]);
        }

        Action<ListenOptions> listen = value.Https ? endpoint => endpoint.UseHttps(certificate.Get()) : static _ => { };
        if (address is null && value.Port != 0)
        {
            kestrel.ListenLocalhost(value.Port, listen);
        }
        else
        {
            // Kestrel picks a free port only on an explicit address: localhost with port 0 means 127.0.0.1.
            kestrel.Listen(address ?? IPAddress.Loopback, value.Port, listen);
        }
    }

    /// <summary>An IP address, or <c>localhost</c> (then <paramref name="address"/> is <see langword="null"/>: both loopbacks).</summary>
    internal static bool TryParseHost(string? host, out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(host))
        {
            return false;
        }

        host = host.Trim();
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (host is "*" or "+")
        {
            address = IPAddress.IPv6Any;
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out address);
    }
}
