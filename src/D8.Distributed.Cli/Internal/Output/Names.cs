using System.Globalization;
using D8.Distributed.Core;

namespace D8.Distributed.Cli.Internal;

/// <summary>How the CLI spells statuses, amounts and times.</summary>
internal static class Names
{
    public static string Of(SlaveStatus status) => status switch
    {
        SlaveStatus.Healthy => "healthy",
        SlaveStatus.VersionMismatch => "version_mismatch",
        SlaveStatus.Unhealthy => "unhealthy",
        SlaveStatus.Draining => "draining",
        _ => "unknown",
    };

    public static string? Money(decimal? amount) => amount?.ToString("0.00", CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? time) =>
        time?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
