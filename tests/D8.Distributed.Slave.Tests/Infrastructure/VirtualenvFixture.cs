using System.Diagnostics;

namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>A real virtualenv made once per test class with <c>python3 -m venv --without-pip</c> (works offline).</summary>
public sealed class VirtualenvFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new("d8-venv");

    public string Path => _directory.Combine("venv");

    public async Task InitializeAsync()
    {
        var python = Requirements.Python3();
        using var process = Process.Start(new ProcessStartInfo(python) { ArgumentList = { "-m", "venv", "--without-pip", Path }, RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'python3 -m venv --without-pip' failed ({process.ExitCode}): {error}. Debian: 'apt-get install -y python3-venv'.");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _directory.Dispose();
}
