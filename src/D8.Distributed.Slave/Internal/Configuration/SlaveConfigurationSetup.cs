using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Binds <see cref="D8SlaveOptions"/> from the application's <c>D8:Slave</c> section (before any
/// <c>AddD8Slave</c> action or section), and afterwards falls back to the <c>SLAVE_TOKEN</c> /
/// <c>SLAVE_AUTH_TOKEN</c> settings that existing deployments use when no token was configured, and drops
/// duplicate capability labels.
/// </summary>
internal sealed class SlaveConfigurationSetup(IConfiguration? configuration = null)
    : IConfigureOptions<D8SlaveOptions>, IPostConfigureOptions<D8SlaveOptions>
{
    public void Configure(D8SlaveOptions options)
    {
        configuration?.GetSection(D8SlaveOptions.SectionName).Bind(options);
    }

    public void PostConfigure(string? name, D8SlaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        // The same section bound twice (D8:Slave, then the one given to AddD8Slave) appends list items twice.
        var labels = options.Capabilities.Distinct(StringComparer.Ordinal).ToList();
        options.Capabilities.Clear();
        foreach (var label in labels)
        {
            options.Capabilities.Add(label);
        }

        if (configuration is null || !string.IsNullOrWhiteSpace(options.AuthToken))
        {
            return;
        }

        var token = configuration["SLAVE_TOKEN"];
        if (string.IsNullOrWhiteSpace(token))
        {
            token = configuration["SLAVE_AUTH_TOKEN"];
        }

        if (!string.IsNullOrWhiteSpace(token))
        {
            options.AuthToken = token;
        }
    }
}
