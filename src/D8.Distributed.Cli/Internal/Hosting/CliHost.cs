using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// The one host shape of d8-master: every verb builds a Generic Host (or, for <c>run</c> with the dashboard, a web
/// application) whose content root is the folder of the executable (<see cref="CliContext.BaseDirectory"/>), whatever
/// the current directory, with the configuration of <see cref="CliConfiguration"/> and console logging.
/// </summary>
internal static class CliHost
{
    private const string FormatterNameKey = "Logging:Console:FormatterName";

    /// <summary>A Generic Host builder: one-shot verbs (quiet logging) and <c>run</c> without the dashboard.</summary>
    public static HostApplicationBuilder CreateBuilder(CliContext context, string? dataDirectory, bool longRunning)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // Only the sources of CliConfiguration: the defaults would read the process environment and the command line.
            DisableDefaults = true,
            ContentRootPath = context.BaseDirectory,
            EnvironmentName = EnvironmentName(context),
        });
        CliConfiguration.AddSources(builder.Configuration, context, dataDirectory);
        CliConfiguration.RefuseUnknownSections(builder.Configuration);
        ConfigureLogging(builder, longRunning);
        if (!longRunning)
        {
            // A verb runs once: resolve everything up front, so a wiring mistake is one error line, not a late surprise.
            builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        }

        return builder;
    }

    /// <summary>A web application builder: <c>run</c> with the dashboard on the master's web port.</summary>
    public static WebApplicationBuilder CreateWebBuilder(CliContext context, string? dataDirectory)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = context.BaseDirectory,
            EnvironmentName = EnvironmentName(context),
        });
        builder.Configuration.Sources.Clear();
        CliConfiguration.AddSources(builder.Configuration, context, dataDirectory);
        CliConfiguration.RefuseUnknownSections(builder.Configuration);
        ConfigureLogging(builder, longRunning: true);
        return builder;
    }

    /// <summary>
    /// Console logging on standard error: the long-running master honours the <c>Logging</c> section (levels, and
    /// <c>Logging:Console:FormatterName</c>: <c>json</c>, <c>systemd</c>; the simple single-line formatter by default);
    /// a one-shot verb shows warnings and errors only, so its own output stays readable.
    /// </summary>
    private static void ConfigureLogging(IHostApplicationBuilder builder, bool longRunning)
    {
        var configuration = builder.Configuration;
        builder.Logging.ClearProviders();
        if (longRunning)
        {
            builder.Logging.AddConfiguration(configuration.GetSection("Logging"));
        }
        else
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);

            // The health checker's warnings (a failed check, a slave down) are what `slaves check`, `exec` and `demo`
            // print themselves, in their table or their error line: on stderr too they would only say it twice.
            builder.Logging.AddFilter("D8.Distributed.Core.Internal.SlaveHealthChecker", LogLevel.Error);
        }

        // The host logs a failed start with its stack trace ("Hosting failed to start"); the verb prints the problem in
        // one line instead. A background service failing later still logs (Critical, the host stopping). First in the
        // rules, so the Logging section can set that category otherwise.
        builder.Services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Insert(0, new LoggerFilterRule(null, "Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical, null)));
        builder.Logging.AddConsole();
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options => options.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = longRunning ? LogLevel.Warning : LogLevel.Trace);

        // Last, so the configured formatter wins over AddSystemd's (which picks "systemd" under systemd).
        builder.Services.PostConfigure<ConsoleLoggerOptions>(options =>
        {
            var configured = configuration[FormatterNameKey];
            options.FormatterName = string.IsNullOrWhiteSpace(configured) ? options.FormatterName ?? ConsoleFormatterNames.Simple : configured.Trim();
        });
    }

    private static string EnvironmentName(CliContext context) =>
        context.Environment.GetValueOrDefault("DOTNET_ENVIRONMENT") is { Length: > 0 } dotnet ? dotnet
        : context.Environment.GetValueOrDefault("ASPNETCORE_ENVIRONMENT") is { Length: > 0 } aspnet ? aspnet
        : Environments.Production;
}
