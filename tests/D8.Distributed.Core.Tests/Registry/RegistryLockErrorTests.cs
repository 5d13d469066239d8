using D8.Shared.AtomicFiles;
using D8.Testing;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>Only "held by another process" is worth waiting for; any other failure to open the lock file is reported
/// at once, with its own message.</summary>
public sealed class RegistryLockErrorTests
{
    private const string NoSpace = "No space left on device";

    [Fact]
    public async Task RegisterAsync_LockFileCannotBeOpenedOnAFullDisk_FailsAtOnceWithThatErrorAndWritesNothing()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("{}");

        // ENOSPC (28) as .NET reports it on Unix: a plain IOException whose HResult is the errno.
        var disk = new HookedFileSystem { LockFailure = path => new IOException($"{NoSpace} : '{path}'", 28) };
        using var registry = file.NewRegistry(fileSystem: disk, fileOptions: new AtomicFileOptions { LockTimeout = TimeSpan.FromMinutes(10) });

        var error = await Assert.ThrowsAsync<SlaveRegistryException>(() => registry.RegisterAsync(new SlaveRegistration("pc", "127.0.0.1")).AsTask());

        Assert.Equal(1, disk.LockAttempts);
        Assert.Contains(NoSpace, error.Message, StringComparison.Ordinal);
        Assert.Contains(file.LockPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("locked by another process", error.Message, StringComparison.Ordinal);
        Assert.Equal("{}", File.ReadAllText(file.Path));
    }

    [Fact]
    public async Task UpdateAsync_LockFailsOnAReadOnlyDisk_HealthStaysInMemoryAndTheErrorIsTheRealOne()
    {
        using var data = new TempDirectory();
        var file = new RegistryFile(data.Path);
        file.Write("""{"pc":{"host":"127.0.0.1","port":7600}}""");
        var disk = new HookedFileSystem { LockFailure = path => new IOException($"Read-only file system : '{path}'", 30) };
        using var registry = file.NewRegistry(fileSystem: disk, fileOptions: new AtomicFileOptions { LockTimeout = TimeSpan.FromMinutes(10) });

        var change = await registry.UpdateAsync("pc", s => s with { Status = SlaveStatus.Healthy });

        Assert.Equal(SlaveStatus.Healthy, change!.After.Status);
        Assert.Equal(1, disk.LockAttempts);
    }

    [Fact]
    public void TryLockExclusive_HeldByAnotherHandle_ReturnsNull()
    {
        using var data = new TempDirectory();
        var path = Path.Combine(data.Path, "x.lock");
        using var held = PhysicalFileSystem.Instance.TryLockExclusive(path);
        Assert.NotNull(held);

        Assert.Null(PhysicalFileSystem.Instance.TryLockExclusive(path));
    }

    [Fact]
    public void TryLockExclusive_AnyOtherIOError_ThrowsIt()
    {
        using var data = new TempDirectory();
        var notADirectory = Path.Combine(data.Path, "plain-file");
        File.WriteAllText(notADirectory, "x");

        // ENOTDIR: an I/O error that no amount of waiting fixes (like ENOSPC, EROFS or EIO).
        Assert.ThrowsAny<IOException>(() => PhysicalFileSystem.Instance.TryLockExclusive(Path.Combine(notADirectory, "x.lock")));
    }

    [Fact]
    public void IsHeldByAnother_OtherErrnos_False()
    {
        Assert.False(FileLockErrors.IsHeldByAnother(new IOException(NoSpace, 28)));
        Assert.False(FileLockErrors.IsHeldByAnother(new IOException("Read-only file system", 30)));
        Assert.False(FileLockErrors.IsHeldByAnother(new IOException("Input/output error", 5)));
        Assert.False(FileLockErrors.IsHeldByAnother(new DirectoryNotFoundException("gone")));
    }
}
