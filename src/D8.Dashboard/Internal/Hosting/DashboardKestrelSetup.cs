using System.Net;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>
/// Listens on <see cref="D8DashboardOptions.Port"/>: on every interface (or <see cref="D8DashboardOptions.BindAddress"/>)
/// when a dashboard password or a master API token is set, on 127.0.0.1 only when neither is. Either secret protects
/// its own part only: pages without a password still answer loopback clients only, and the API without a token too.
/// </summary>
internal sealed class DashboardKestrelSetup(IOptions<D8DashboardOptions> options, IOptions<D8MasterOptions> master) : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions kestrel)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        var value = options.Value;
        if (!value.ConfigureKestrel)
        {
            return;
        }

        kestrel.Listen(ListenAddress(value, master.Value), value.Port);
    }

    internal static IPAddress ListenAddress(D8DashboardOptions options, D8MasterOptions master) =>
        string.IsNullOrEmpty(options.Password) && string.IsNullOrEmpty(master.ApiToken) ? IPAddress.Loopback
        : string.IsNullOrEmpty(options.BindAddress) ? IPAddress.Any
        : IPAddress.Parse(options.BindAddress);
}
