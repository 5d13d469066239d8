using D8.Shared.Configuration;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// The <c>D8:Cli</c> section: where the command line finds the running master and the token it sends. Bound strictly
/// (<c>D8:Cli:MasterUrll</c> stops the verb naming the key) like every package's section.
/// </summary>
internal sealed class CliSettings
{
    /// <summary>The section of these settings.</summary>
    public const string SectionName = "D8:Cli";

    /// <summary>The master's URL when neither <c>--master</c> nor <c>D8:Cli:MasterUrl</c> names one.</summary>
    public const string DefaultMasterUrl = "http://127.0.0.1:7500";

    /// <summary>Gets or sets the running master's URL (<c>--master</c> wins over it).</summary>
    public string MasterUrl { get; set; } = DefaultMasterUrl;

    /// <summary>
    /// Gets or sets the master API's bearer token; <c>D8_API_TOKEN</c>, <c>D8_API_TOKEN_FILE</c> and the systemd
    /// credential <c>d8_api_token</c> land here (and in <c>D8:Master:ApiToken</c>). Without one, only a master without
    /// a token (which answers loopback clients only) accepts the command line.
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>The longest <see cref="ProbeTimeout"/> accepted.</summary>
    public static readonly TimeSpan MaxProbeTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long a verb waits for the master's <c>/healthz</c> before working without it (a refused
    /// connection does not wait). Default 2 s; a slow link or a loaded machine may need more.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Reads <c>D8:Cli</c> from <paramref name="configuration"/>.</summary>
    /// <exception cref="OptionsValidationException">An unknown key or a value that does not convert (named with its key).</exception>
    public static CliSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = new CliSettings();
        var failures = StrictConfigurationBinder.Default.Bind(configuration.GetSection(SectionName), settings);
        if (failures.Count == 0 && (settings.ProbeTimeout <= TimeSpan.Zero || settings.ProbeTimeout > MaxProbeTimeout))
        {
            failures = [$"{SectionName}:{nameof(ProbeTimeout)}: '{settings.ProbeTimeout}' must be more than 0 and at most {MaxProbeTimeout}"];
        }

        return failures.Count > 0 ? throw new OptionsValidationException(Options.DefaultName, typeof(CliSettings), failures) : settings;
    }
}
