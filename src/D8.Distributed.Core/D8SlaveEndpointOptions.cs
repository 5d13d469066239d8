using System.ComponentModel.DataAnnotations;

namespace D8.Distributed.Core;

/// <summary>A slave declared in configuration (<c>D8:Master:Slaves:&lt;id&gt;</c>).</summary>
public sealed class D8SlaveEndpointOptions
{
    /// <summary>Gets or sets the host name or IP address of the slave.</summary>
    [Required]
    public string Host { get; set; } = string.Empty;

    /// <summary>Gets or sets the TCP port of the slave API.</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 7600;

    /// <summary>Gets or sets the capabilities and labels of the slave (for example <c>gpu</c>).</summary>
    public IList<string> Capabilities { get; set; } = [];
}
