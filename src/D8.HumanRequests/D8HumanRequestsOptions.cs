using System.ComponentModel.DataAnnotations;
using D8.Shared.Configuration;

namespace D8.HumanRequests;

/// <summary>Options of <c>AddD8HumanRequests</c>, bound from the configuration section <see cref="SectionName"/>;
/// validated at start-up.</summary>
public sealed class D8HumanRequestsOptions
{
    /// <summary>The configuration section the parameterless <c>AddD8HumanRequests()</c> binds, <c>D8:HumanRequests</c>.</summary>
    public const string SectionName = "D8:HumanRequests";

    /// <summary>
    /// The data directory; the requests live in <c>&lt;DataDirectory&gt;/human_requests/requests.json</c>.
    /// Default <c>~/Documents/d8_data</c>; <c>D8_DATA_DIR</c> in hosts that add the legacy variables
    /// (<c>AddD8LegacyEnvironmentVariables()</c>, as d8-master does).
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = GetDefaultDataDirectory();

    /// <summary>Rules that approve new requests automatically; evaluated in order, the first match wins.</summary>
    public IList<HumanRequestAutoApprovalRule> AutoApprovalRules { get; } = [];

    /// <summary>Monthly budgets overall and per type (<c>D8:HumanRequests:Budgets</c>); none by default.</summary>
    public HumanRequestBudgetOptions Budgets { get; } = new();

    /// <summary>The delay before the first retry of a failed notification; doubled per failure up to
    /// <see cref="NotificationRetryMaxDelay"/>. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan NotificationRetryInitialDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between notification retries. Default 30 min.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "7.00:00:00")]
    public TimeSpan NotificationRetryMaxDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the background service looks for changes made by other processes (e.g. the CLI) and for
    /// anything else due. Postponements and retries are also timed to the moment they fall due. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a write waits for another process that holds the file lock. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long before a request's <see cref="HumanRequest.ExpiresAt"/> the owner is reminded
    /// (<see cref="HumanRequestNotificationKind.ExpiryReminder"/>); <see cref="TimeSpan.Zero"/> sends no reminder.
    /// No reminder either when the request was created closer to its expiry than this (the ask itself shows the
    /// expiry). Default 1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan ExpiryReminderLeadTime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The default data directory, <c>~/Documents/d8_data</c> (where the old Python system kept its files).
    /// The package reads no environment variable: <c>D8_DATA_DIR</c> reaches it through the host's configuration.</summary>
    /// <returns>The directory path.</returns>
    public static string GetDefaultDataDirectory() => D8DataDirectory.Default;
}
