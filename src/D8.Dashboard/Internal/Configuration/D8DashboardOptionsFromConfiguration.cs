using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>Binds <c>D8:Dashboard</c> from the app's configuration, when there is one.</summary>
internal sealed class D8DashboardOptionsFromConfiguration(IServiceProvider services) : IConfigureOptions<D8DashboardOptions>
{
    public void Configure(D8DashboardOptions options) =>
        services.GetService<IConfiguration>()?.GetSection(D8DashboardOptions.SectionName).Bind(options);
}
