using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;

namespace D8.HumanRequests.Internal;

/// <summary>
/// The default store: <c>&lt;data dir&gt;/human_requests/requests.json</c> in the old system's format.
/// </summary>
/// <remarks>
/// <para>The file discipline is the shared <see cref="AtomicFile{T}"/>: reads are served from memory and the file is
/// read again only when its length or write time changed, i.e. when another process (the CLI, another host) wrote
/// it.</para>
/// <para>Writes hold an in-process gate and, for the duration of the write only, an exclusive lock on
/// <c>requests.json.lock</c> (FileShare.None), so a long-running host and the CLI can both change requests without
/// corrupting the file or losing each other's changes: under the lock the file is re-read if it changed, the change
/// is applied, then written to a temp file in the same directory, flushed to disk and renamed over the old file.</para>
/// <para>A file that cannot be parsed is reported with its path and never overwritten: every write first needs a
/// successful read of the current content.</para>
/// </remarks>
internal sealed class JsonFileHumanRequestStore : IHumanRequestStore, IDisposable
{
    public const string FolderName = "human_requests";
    public const string FileName = "requests.json";

    private readonly AtomicFile<HumanRequestStoreSnapshot> _file;

    public JsonFileHumanRequestStore(
        D8HumanRequestsOptions options,
        TimeProvider timeProvider,
        ILogger<JsonFileHumanRequestStore> logger,
        IFileSystem fileSystem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(fileSystem);
        DirectoryPath = Path.GetFullPath(Path.Combine(options.DataDirectory, FolderName));
        FilePath = Path.Combine(DirectoryPath, FileName);
        _file = new AtomicFile<HumanRequestStoreSnapshot>(
            FilePath,
            new RequestsFileFormat(FilePath, timeProvider, logger),
            new AtomicFileOptions { LockTimeout = options.LockTimeout },
            fileSystem);
    }

    public string DirectoryPath { get; }

    public string FilePath { get; }

    public string LockPath => _file.LockPath;

    public string Location => FilePath;

    public ValueTask<HumanRequestStoreSnapshot> ReadAsync(CancellationToken cancellationToken) => _file.ReadAsync(cancellationToken);

    public ValueTask<HumanRequestStoreSnapshot> UpdateAsync(
        Func<HumanRequestStoreSnapshot, HumanRequestStoreSnapshot> update,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return _file.UpdateAsync(current => update(current) ?? throw new InvalidOperationException("The store update returned null."), cancellationToken);
    }

    public void Dispose() => _file.Dispose();
}
