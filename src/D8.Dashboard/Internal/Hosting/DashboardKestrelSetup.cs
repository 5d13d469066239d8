using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>
/// Listens on <see cref="D8DashboardOptions.Port"/>: on every interface (or <see cref="D8DashboardOptions.BindAddress"/>)
/// when a password is set, on 127.0.0.1 only when not.
/// </summary>
internal sealed class DashboardKestrelSetup(IOptions<D8DashboardOptions> options) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var value = options.Value;
        if (!value.ConfigureKestrel)
        {
            return;
        }

        kestrel.Listen(ListenAddress(value), value.Port);
    }

    internal static IPAddress ListenAddress(D8DashboardOptions options) =>
        string.IsNullOrEmpty(options.Password) ? IPAddress.Loopback
        : string.IsNullOrEmpty(options.BindAddress) ? IPAddress.Any
        : IPAddress.Parse(options.BindAddress);
}
