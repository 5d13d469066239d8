using System.CommandLine;
using System.Text.RegularExpressions;
using D8.Distributed.Contracts;
using D8.Distributed.Slave;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace D8.Slave.Sample;

/// <summary>
/// The plumbing of d8-slave's command line: usage errors exit 2 with the usage, a failed start exits 1 with one line per
/// problem (<c>d8-slave: ...</c>) and never a stack trace.
/// </summary>
internal static partial class SlaveCommandLine
{
    private const string Prefix = "d8-slave: ";

    public static async Task<int> InvokeAsync(RootCommand command, string[] args)
    {
        // --version says what /api/version says: version_info.json beside the executable, else the assembly's version.
        foreach (var version in command.Options.OfType<System.CommandLine.VersionOption>())
        {
            version.Action = new PrintVersionAction();
        }

        var parseResult = command.Parse(args);
        var invocation = new InvocationConfiguration
        {
            // The host handles SIGTERM itself, with the slave's grace period; the command line must not cut it short.
            ProcessTerminationTimeout = null,
            EnableDefaultExceptionHandler = false,
        };

        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await Console.Error.WriteLineAsync(Prefix + error.Message);
            }

            await command.Parse(["--help"]).InvokeAsync(invocation);
            return 2;
        }

        try
        {
            return await parseResult.InvokeAsync(invocation);
        }
        catch (Exception ex)
        {
            foreach (var line in Lines(ex))
            {
                await Console.Error.WriteLineAsync(Prefix + line);
            }

            return 1;
        }
    }

    /// <summary>
    /// Stops the start when a section under <c>D8</c> has a name no package reads (<c>D8__Slav__Port</c>, which would
    /// otherwise be ignored): one line each, <c>d8-slave: D8:Slav: no such section (did you mean D8:Slave?)</c>.
    /// </summary>
    public static void RefuseUnknownSections(IConfiguration configuration)
    {
        var unknown = D8ConfigurationSections.FindUnknown(configuration);
        if (unknown.Count > 0)
        {
            throw new AggregateException(unknown.Select(problem => new InvalidOperationException(problem)));
        }
    }

    /// <summary>
    /// Console logs of one line each: the simple formatter unless <c>Logging:Console:FormatterName</c> names another
    /// (<c>json</c>, <c>systemd</c>), which wins over the <c>systemd</c> one <c>AddSystemd</c> picks under systemd. The
    /// host's own report of a failed start (its exception and stack trace, "Hosting failed to start") is left out:
    /// d8-slave prints the problem in one line instead, and a background service that fails later still logs
    /// (Critical, the host stopping). The <c>Logging</c> section can set that category otherwise.
    /// </summary>
    public static void ConfigureConsoleLogs(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.Configure<SimpleConsoleFormatterOptions>(options => options.SingleLine = true);
        builder.Services.PostConfigure<ConsoleLoggerOptions>(options =>
        {
            var configured = configuration["Logging:Console:FormatterName"];
            options.FormatterName = string.IsNullOrWhiteSpace(configured) ? options.FormatterName ?? ConsoleFormatterNames.Simple : configured.Trim();
        });
        builder.Services.Configure<LoggerFilterOptions>(options =>
            options.Rules.Insert(0, new LoggerFilterRule(null, "Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical, null)));
    }

    private static IEnumerable<string> Lines(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.Flatten().InnerExceptions.SelectMany(Lines),
        OptionsValidationException options => options.Failures.Select(failure => Qualify(failure, options.OptionsType)),
        _ => [Describe(exception)],
    };

    // "Port: The field Port must be ..." (data annotations) becomes "D8:Slave:Port: ...", naming the key. The options
    // types are named, not found by reflection: d8-slave is published with NativeAOT.
    private static string Qualify(string failure, Type optionsType)
    {
        var section = optionsType == typeof(D8SlaveOptions) ? D8SlaveOptions.SectionName : null;
        var match = MemberFailure().Match(failure);
        return section is null || !match.Success ? failure : $"{section}:{match.Groups["member"].Value}: {match.Groups["message"].Value}";
    }

    private static string Describe(Exception exception)
    {
        var message = exception.Message;
        if (exception.InnerException is { } inner && !message.Contains(inner.Message.TrimEnd('.'), StringComparison.OrdinalIgnoreCase))
        {
            message = $"{message.TrimEnd().TrimEnd('.')}: {Describe(inner)}";
        }

        return string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [GeneratedRegex(@"^(?<member>[A-Za-z_][A-Za-z0-9_]*): (?<message>.+)$", RegexOptions.Singleline)]
    private static partial Regex MemberFailure();

    /// <summary>Prints <c>&lt;version&gt; (commit &lt;commit&gt;, branch &lt;branch&gt;)</c> as the slave reports them.</summary>
    private sealed class PrintVersionAction : System.CommandLine.Invocation.SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var info = D8VersionInfoResolver.Resolve(null, AppContext.BaseDirectory, typeof(SlaveCommandLine).Assembly);
            parseResult.InvocationConfiguration.Output.WriteLine($"{info.Version} (commit {info.Commit}, branch {info.Branch})");
            return 0;
        }
    }
}
