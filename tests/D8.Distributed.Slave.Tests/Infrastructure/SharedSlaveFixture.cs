namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>One slave (with a workspace root) shared by the tests of a class: start-up is the slow part on a busy machine.</summary>
public sealed class SharedSlaveFixture : IAsyncLifetime, IDisposable
{
    public TempDirectory Workspace { get; } = new("d8-workspace");

    public SlaveServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Requirements.Python3();
        Directory.CreateDirectory(Workspace.Combine("inside"));
        Server = await SlaveServer.StartAsync(o => o.WorkspaceRoot = Workspace.Path);
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public void Dispose() => Workspace.Dispose();
}
