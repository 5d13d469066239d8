using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>Binds the <c>D8:Master</c> section of the host's configuration, when the host has one.</summary>
internal sealed class D8MasterOptionsFromConfiguration(IServiceProvider services) : IConfigureOptions<D8MasterOptions>
{
    public void Configure(D8MasterOptions options)
    {
        services.GetService<IConfiguration>()?.GetSection(D8MasterOptions.SectionName).Bind(options);
    }
}
