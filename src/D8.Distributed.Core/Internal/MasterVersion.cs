using D8.Distributed.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>The master's own version (configuration, version_info.json, assembly), resolved once, and the commit comparison of the version sync.</summary>
internal sealed class MasterVersion
{
    private const int MinimumCommitPrefix = 7;
    private readonly Lazy<D8VersionInfo> _current;

    public MasterVersion(IOptions<D8MasterOptions> options, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        var contentRoot = services.GetService<IHostEnvironment>()?.ContentRootPath;
        _current = new Lazy<D8VersionInfo>(() => D8VersionInfoResolver.Resolve(
            new D8VersionInfo(value.Commit ?? string.Empty, value.Version ?? string.Empty, value.Branch ?? string.Empty),
            contentRoot));
    }

    public D8VersionInfo Current => _current.Value;

    /// <summary>
    /// Whether a slave's commit matches the master's. A short and a long hash of the same commit match (one is a prefix
    /// of the other, at least 7 characters). When the master's own commit is unknown there is nothing to compare, so
    /// every slave matches; an unknown slave commit never matches a known master commit.
    /// </summary>
    public bool Matches(string? slaveCommit)
    {
        var master = Current.Commit;
        if (string.Equals(master, D8VersionInfo.UnknownValue, StringComparison.Ordinal))
        {
            return true;
        }

        if (string.IsNullOrWhiteSpace(slaveCommit) || string.Equals(slaveCommit, D8VersionInfo.UnknownValue, StringComparison.Ordinal))
        {
            return false;
        }

        if (string.Equals(master, slaveCommit, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var (shorter, longer) = master.Length <= slaveCommit.Length ? (master, slaveCommit) : (slaveCommit, master);
        return shorter.Length >= MinimumCommitPrefix && longer.StartsWith(shorter, StringComparison.OrdinalIgnoreCase);
    }
}
