namespace D8.Testing;

/// <summary>
/// An exclusive lock shared by every process on the machine (a lock file in the temp directory, held open with
/// <see cref="FileShare.None"/>, which .NET maps to <c>flock</c>): two test projects preparing the same machine-wide
/// thing (a Docker engine, an image) take turns. The lock goes with the process if it dies.
/// </summary>
public sealed class MachineLock : IDisposable
{
    private readonly FileStream _file;

    private MachineLock(FileStream file) => _file = file;

    public static async Task<MachineLock> AcquireAsync(string name, TimeSpan timeout)
    {
        var path = Path.Combine(Path.GetTempPath(), name + ".lock");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new MachineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (watch.Elapsed < timeout)
            {
                await Task.Delay(200);
            }
            catch (IOException ex)
            {
                throw new TimeoutException($"Another process held the lock {path} for more than {timeout.TotalMinutes:0} min.", ex);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
