using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace D8.HumanRequests.Internal;

/// <summary>
/// Binds the <c>D8:HumanRequests</c> section of the application's configuration, when there is one, for the
/// parameterless <c>AddD8HumanRequests()</c> — the same convention as <c>AddD8Master()</c> and <c>AddD8Slave()</c>,
/// so a host's appsettings.json or <c>D8__HumanRequests__*</c> variables are honoured without extra code.
/// </summary>
internal sealed class HumanRequestsConfigurationSetup(IConfiguration? configuration = null) : IConfigureOptions<D8HumanRequestsOptions>
{
    public void Configure(D8HumanRequestsOptions options)
    {
        configuration?.GetSection(D8HumanRequestsOptions.SectionName).Bind(options);
    }
}
