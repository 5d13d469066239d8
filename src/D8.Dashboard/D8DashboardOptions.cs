using System.ComponentModel.DataAnnotations;

namespace D8.Dashboard;

/// <summary>Options of the web dashboard (configuration section <c>D8:Dashboard</c>).</summary>
public sealed class D8DashboardOptions
{
    /// <summary>The configuration section the parameterless <c>AddD8Dashboard()</c> binds.</summary>
    public const string SectionName = "D8:Dashboard";

    /// <summary>
    /// Gets or sets whether the host serves the dashboard at all. Read by hosts such as <c>d8-master run</c>, which opens
    /// no port when it is <see langword="false"/>; <c>AddD8Dashboard</c> itself ignores it (an application that calls it
    /// wants the dashboard). Defaults to <see langword="true"/>.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets the sign-in password (or token), at least 8 characters. Without one the dashboard only listens on
    /// and answers requests from the loopback interface (127.0.0.1 / ::1), and says so at start.
    /// </summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the TCP port Kestrel listens on when <see cref="ConfigureKestrel"/> is set; 0 picks a free one.</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 7500;

    /// <summary>
    /// Gets or sets the address to listen on when a password is set (default: every interface). Without a password
    /// the dashboard always listens on 127.0.0.1 only.
    /// </summary>
    public string? BindAddress { get; set; }

    /// <summary>
    /// Gets or sets whether <c>AddD8Dashboard</c> configures Kestrel's endpoint (<see cref="Port"/>,
    /// <see cref="BindAddress"/>). Turn it off to host the pages in an app whose endpoints you configure yourself.
    /// </summary>
    public bool ConfigureKestrel { get; set; } = true;

    /// <summary>Gets or sets the URL prefix of every page, for example <c>/dashboard</c>; empty for the root.</summary>
    public string PathBase { get; set; } = string.Empty;

    /// <summary>Gets or sets how often the live pages (overview, requests, tasks) refresh their content.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long a failed sign-in is held back; sign-ins are checked one at a time, so this bounds guessing.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan FailedSignInDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a sign-in lasts (sliding).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the name written into the requests' history as the actor of decisions taken here.</summary>
    [Required]
    public string Actor { get; set; } = "dashboard";
}
