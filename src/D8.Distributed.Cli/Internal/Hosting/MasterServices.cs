using D8.Distributed.Core;
using D8.HumanRequests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace D8.Distributed.Cli.Internal;

/// <summary>The services of a one-shot verb: the master's registry, monitor and dispatcher, and the human requests.</summary>
internal static class MasterServices
{
    /// <summary>
    /// Stands in for the slave token in verbs that never send a task (registry edits, health checks, human requests):
    /// health and version need no token, and asking the operator for one to list the registry would only get in the way.
    /// </summary>
    private const string NotNeededToken = "not-needed-by-this-verb";

    public static ServiceProvider Build(IConfiguration configuration, bool needsSlaveToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddSimpleConsole(options => options.SingleLine = true)
            .AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning)
            .Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace));

        services.AddD8Master(configuration.GetSection(D8MasterOptions.SectionName));
        if (!needsSlaveToken && string.IsNullOrWhiteSpace(configuration[CliConfiguration.MasterTokenKey]))
        {
            services.PostConfigure<D8MasterOptions>(options => options.Token ??= NotNeededToken);
        }

        services.AddD8HumanRequests(configuration.GetSection(D8HumanRequestsOptions.SectionName));
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
