namespace D8.Distributed.Core;

/// <summary>What <see cref="ISlaveRegistry.RegisterAsync"/> needs to add a slave.</summary>
/// <param name="Id">The slave id (unique; registering it twice is an error).</param>
/// <param name="Host">The host name or IP address of the slave.</param>
/// <param name="Port">The TCP port of the slave API.</param>
public sealed record SlaveRegistration(string Id, string Host, int Port = SlaveRegistration.DefaultPort)
{
    /// <summary>The slave API's default port.</summary>
    public const int DefaultPort = 7600;

    /// <summary>Gets the capabilities and labels of the slave (for example <c>gpu</c>), used for task assignment.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Gets how the slave was installed (<c>python</c>, <c>docker</c>, ...); kept for the old registry format.</summary>
    public string InstallMethod { get; init; } = "python";
}
