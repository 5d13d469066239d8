using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// Fills the settings that existing deployments give through environment variables (<c>SLAVE_TOKEN</c>,
/// <c>SLAVE_AUTH_TOKEN</c>, <c>D8_DATA_DIR</c>) when configuration leaves them empty. Runs after every other
/// configuration step, so explicit configuration wins.
/// </summary>
internal sealed class D8MasterOptionsDefaults : IPostConfigureOptions<D8MasterOptions>
{
    private readonly Func<string, string?> _environment;

    public D8MasterOptionsDefaults()
        : this(Environment.GetEnvironmentVariable)
    {
    }

    internal D8MasterOptionsDefaults(Func<string, string?> environment) => _environment = environment;

    public void PostConfigure(string? name, D8MasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (string.IsNullOrEmpty(options.Token))
        {
            var token = _environment("SLAVE_TOKEN");
            options.Token = string.IsNullOrEmpty(token) ? NullIfEmpty(_environment("SLAVE_AUTH_TOKEN")) : token;
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            var fromEnvironment = _environment("D8_DATA_DIR");
            options.DataDirectory = string.IsNullOrWhiteSpace(fromEnvironment)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents", "d8_data")
                : fromEnvironment;
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
