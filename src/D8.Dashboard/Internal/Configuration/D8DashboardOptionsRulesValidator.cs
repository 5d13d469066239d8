using System.Net;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Rules the annotations cannot express: password length, path base shape, bind address.</summary>
internal sealed class D8DashboardOptionsRulesValidator : IValidateOptions<D8DashboardOptions>
{
    internal const int MinimumPasswordLength = 8;

    public ValidateOptionsResult Validate(string? name, D8DashboardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Password is { } password && password.Length < MinimumPasswordLength)
        {
            failures.Add($"D8:Dashboard:Password must be at least {MinimumPasswordLength} characters (or unset it to allow loopback access only).");
        }

        var pathBase = options.PathBase ?? string.Empty;
        if (pathBase.Length > 0 && (!pathBase.StartsWith('/') || pathBase.EndsWith('/') || pathBase.Contains('?', StringComparison.Ordinal) || pathBase.Contains('#', StringComparison.Ordinal)))
        {
            failures.Add($"D8:Dashboard:PathBase '{pathBase}' must be empty or start with '/' and not end with '/' (for example /dashboard).");
        }

        if (!string.IsNullOrEmpty(options.BindAddress) && !IPAddress.TryParse(options.BindAddress, out _))
        {
            failures.Add($"D8:Dashboard:BindAddress '{options.BindAddress}' is not an IP address (for example 0.0.0.0 or 192.168.1.10).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
