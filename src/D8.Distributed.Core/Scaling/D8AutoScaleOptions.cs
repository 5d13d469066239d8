using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core;

/// <summary>The auto-scaler's rules (<c>D8:Master:AutoScale</c>, §14): when to add a slave, how many, when to remove them.</summary>
public sealed class D8AutoScaleOptions
{
    /// <summary>Gets or sets whether the scaler runs (needs a provisioner: <see cref="D8MasterBuilder.UseSlaveProvisioner{TProvisioner}"/>).</summary>
    public bool Enabled { get; set; }

    /// <summary>Gets or sets how long the oldest queued task must have waited for the queue to count as under pressure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ScaleUpQueueWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long the pressure must last before a slave is added (and between two additions).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ScaleUpAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how many slaves the scaler may have added at once.</summary>
    [Range(1, 100)]
    public int MaxAddedSlaves { get; set; } = 2;

    /// <summary>Gets or sets how long an added slave must be idle, with nothing queued, before it is removed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "7.00:00:00")]
    public TimeSpan IdleBeforeRemoval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long a started slave may take to become healthy before it is given up and removed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets or sets how often the scaler looks at the queue.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Gets or sets the settings of the built-in Docker provisioner (<c>D8:Master:AutoScale:Docker</c>, used after
    /// <see cref="D8MasterBuilder.UseDockerSlaveProvisioner"/>).
    /// </summary>
    [ValidateObjectMembers]
    public D8DockerProvisionerOptions Docker { get; set; } = new();
}
