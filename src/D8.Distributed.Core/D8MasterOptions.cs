using System.ComponentModel.DataAnnotations;
using D8.Shared.Configuration;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core;

/// <summary>
/// Options of the master (<c>services.AddD8Master(...)</c>), bound from the <c>D8:Master</c> section; validated at start.
/// </summary>
public sealed class D8MasterOptions
{
    /// <summary>The configuration section the parameterless <c>AddD8Master()</c> binds.</summary>
    public const string SectionName = "D8:Master";

    /// <summary>
    /// Gets or sets the bearer token shared with the slaves; required. Hosts that add the legacy variables
    /// (<c>AddD8LegacyEnvironmentVariables()</c>, as d8-master does) take it from <c>SLAVE_TOKEN</c> (alias
    /// <c>SLAVE_AUTH_TOKEN</c>, <c>SLAVE_TOKEN_FILE</c>, the systemd credential <c>slave_token</c>).
    /// </summary>
    [Required(ErrorMessage = "The master needs the token shared with the slaves: set D8:Master:Token (d8-master also reads SLAVE_TOKEN, SLAVE_TOKEN_FILE or the systemd credential slave_token).")]
    public string? Token { get; set; }

    /// <summary>
    /// Gets or sets the bearer token of the master API (<c>/api/v1</c> on the dashboard's web port), compared in constant
    /// time. With one, every API call must send <c>Authorization: Bearer &lt;token&gt;</c> and the web port listens on
    /// the network; without one, the API answers only clients on this machine (loopback). Hosts that add the legacy
    /// variables take it from <c>D8_API_TOKEN</c> (<c>D8_API_TOKEN_FILE</c>, the systemd credential <c>d8_api_token</c>).
    /// </summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// Gets or sets the data directory (the registry is <c>slaves/config.json</c> under it). Defaults to
    /// <c>~/Documents/d8_data</c>; <c>D8_DATA_DIR</c> in hosts that add the legacy variables.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = D8DataDirectory.Default;

    /// <summary>Gets or sets the slaves declared in configuration, keyed by slave id. They join the persisted ones.</summary>
    public IDictionary<string, D8SlaveEndpointOptions> Slaves { get; set; } =
        new Dictionary<string, D8SlaveEndpointOptions>(StringComparer.Ordinal);

    /// <summary>Gets or sets how often the health monitor checks every slave.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the time limit of one slave's whole health check (its attempts and version check included), so one
    /// dead slave never delays the others. Must not exceed <see cref="HealthCheckInterval"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets the first re-probe delay of a slave that fell: it doubles after each failed re-probe, up to
    /// <see cref="HealthCheckInterval"/>, until the slave answers again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RecoveryProbeDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets what happens to a slave that runs another commit than the master.</summary>
    public D8VersionPolicy VersionPolicy { get; set; } = D8VersionPolicy.ExactMatch;

    /// <summary>Gets or sets the master's commit; when empty it comes from <c>version_info.json</c> in the content root, else the entry assembly's informational version (<c>1.2.3+&lt;commit&gt;</c>).</summary>
    public string? Commit { get; set; }

    /// <summary>Gets or sets the master's version string; when empty it is resolved like <see cref="Commit"/>.</summary>
    public string? Version { get; set; }

    /// <summary>Gets or sets the master's branch; when empty it is resolved like <see cref="Commit"/>.</summary>
    public string? Branch { get; set; }

    /// <summary>
    /// Gets or sets how many other slaves a task is re-dispatched to (same <c>task_id</c>) after a transport failure.
    /// </summary>
    [Range(0, 100)]
    public int MaxFailoverAttempts { get; set; } = 2;

    /// <summary>Gets or sets the time limit of a task that names none.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan DefaultTaskTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>
    /// Gets or sets the weight of the newest sample in the per-slave, per-task-type latency average (exponentially
    /// weighted); higher follows changes faster.
    /// </summary>
    [Range(0.01, 1.0)]
    public double LatencySmoothing { get; set; } = 0.3;

    /// <summary>Gets or sets the built-in rule that places queued tasks (default: earliest predicted finish).</summary>
    public D8SlaveSelection SlaveSelection { get; set; } = D8SlaveSelection.EarliestFinish;

    /// <summary>
    /// Gets or sets how often (0–1) the earliest-finish rule places a task on a free slave that has fewer than
    /// <see cref="MinimumSamples"/> samples for the task type instead of the predicted best, so new slaves get measured.
    /// </summary>
    [Range(0.0, 1.0)]
    public double ExplorationRate { get; set; } = 0.05;

    /// <summary>Gets or sets how many finished tasks of a type on a slave make its prediction trusted (no more exploration there).</summary>
    [Range(1, 1000)]
    public int MinimumSamples { get; set; } = 3;

    /// <summary>
    /// Gets or sets the weight of the newest run time in the duration model's smoothed mean and spread per slave and
    /// task type (the first samples are averaged plainly).
    /// </summary>
    [Range(0.01, 1.0)]
    public double DurationSmoothing { get; set; } = 0.2;

    /// <summary>Gets or sets how many of the newest finished tasks rebuild the duration model when the master starts.</summary>
    [Range(0, 100_000)]
    public int DurationHistoryOnStart { get; set; } = 2000;

    /// <summary>
    /// Gets or sets how many recently dispatched tasks the master keeps in memory (<see cref="ITaskHistory"/>);
    /// the oldest are dropped first.
    /// </summary>
    [Range(1, 100_000)]
    public int TaskHistoryCapacity { get; set; } = 200;

    /// <summary>Gets or sets the task queue's bounds, retention and polling.</summary>
    [ValidateObjectMembers]
    public D8TaskQueueOptions Queue { get; set; } = new();

    /// <summary>Gets or sets the retry, timeout and circuit-breaker settings of the slave client.</summary>
    [ValidateObjectMembers]
    public D8ResilienceOptions Resilience { get; set; } = new();

    /// <summary>Gets or sets the auto-scaler's rules (off by default; needs a provisioner).</summary>
    [ValidateObjectMembers]
    public D8AutoScaleOptions AutoScale { get; set; } = new();
}
