using System.Reflection;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>Resolves the slave's version once (options → version_info.json → entry assembly) and caches it.</summary>
internal sealed class SlaveVersionProvider(IOptions<D8SlaveOptions> options, IHostEnvironment? environment = null)
{
    private readonly Lazy<D8VersionInfo> _version = new(() =>
    {
        var value = options.Value;
        var configured = new D8VersionInfo(value.Commit ?? string.Empty, value.Version ?? string.Empty, value.Branch ?? string.Empty);
        return D8VersionInfoResolver.Resolve(configured, environment?.ContentRootPath, Assembly.GetEntryAssembly());
    });

    public D8VersionInfo Current => _version.Value;
}
