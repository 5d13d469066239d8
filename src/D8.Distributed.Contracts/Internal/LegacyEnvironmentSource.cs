using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Contracts.Internal;

/// <summary>The source behind <see cref="D8ConfigurationBuilderExtensions.AddD8LegacyEnvironmentVariables(IConfigurationBuilder)"/>.</summary>
internal sealed class LegacyEnvironmentSource(IReadOnlyDictionary<string, string?> environment) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new LegacyEnvironmentProvider(environment);
}
