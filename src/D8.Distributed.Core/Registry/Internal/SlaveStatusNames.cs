namespace D8.Distributed.Core.Internal;

/// <summary>The snake_case names of <see cref="SlaveStatus"/> used in <c>slaves/config.json</c>.</summary>
internal static class SlaveStatusNames
{
    public static string ToName(SlaveStatus status) => status switch
    {
        SlaveStatus.Healthy => "healthy",
        SlaveStatus.VersionMismatch => "version_mismatch",
        SlaveStatus.Unhealthy => "unhealthy",
        SlaveStatus.Draining => "draining",
        _ => "unknown",
    };

    public static SlaveStatus Parse(string? name) => name?.Trim().ToUpperInvariant() switch
    {
        "HEALTHY" => SlaveStatus.Healthy,
        "VERSION_MISMATCH" => SlaveStatus.VersionMismatch,
        "UNHEALTHY" => SlaveStatus.Unhealthy,
        "DRAINING" => SlaveStatus.Draining,
        _ => SlaveStatus.Unknown,
    };
}
