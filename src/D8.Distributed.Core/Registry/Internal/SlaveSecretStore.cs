using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>
/// <c>&lt;data&gt;/slaves/secrets.json</c>, beside the registry: each slave's own token. Created with 0600 rights from
/// the start (<see cref="OwnerOnlyFileSystem"/>), written atomically under its lock like the registry, re-read when
/// another writer (the CLI) changed it. A file that others may read is refused, as ssh refuses a readable key.
/// </summary>
internal sealed class SlaveSecretStore : IDisposable
{
    public const string FileName = "secrets.json";

    private readonly AtomicFile<SlaveSecrets> _file;

    public SlaveSecretStore(IOptions<D8MasterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = Path.GetFullPath(Path.Combine(options.Value.DataDirectory, FileSlaveRegistry.FolderName, FileName));
        _file = new AtomicFile<SlaveSecrets>(path, new SlaveSecretsFormat(path), new AtomicFileOptions { CompareContentUnderLock = true }, OwnerOnlyFileSystem.Instance);
    }

    public string FilePath => _file.FilePath;

    /// <summary>The slave's own token, or <see langword="null"/> when it uses the shared one (one stat when unchanged).</summary>
    /// <exception cref="SlaveRegistryException">The file cannot be read, is not valid, or others may read it.</exception>
    public string? FindToken(string slaveId)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        var secrets = _file.Read();
        if (secrets.Tokens.Count > 0)
        {
            CheckPrivate();
        }

        return secrets.Tokens.GetValueOrDefault(slaveId);
    }

    /// <summary>Sets (or, with <see langword="null"/>, removes) the slave's own token.</summary>
    /// <exception cref="SlaveRegistryException">The file cannot be read or written; nothing changed.</exception>
    public async ValueTask SetTokenAsync(string slaveId, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slaveId);
        if (token is null && !File.Exists(_file.FilePath))
        {
            return;
        }

        await _file.UpdateAsync(
            secrets => token is null
                ? secrets.Tokens.ContainsKey(slaveId) ? new SlaveSecrets(secrets.Tokens.Remove(slaveId)) : secrets
                : secrets.Tokens.GetValueOrDefault(slaveId) == token ? secrets : new SlaveSecrets(secrets.Tokens.SetItem(slaveId, token)),
            cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _file.Dispose();

    private void CheckPrivate()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        try
        {
            if ((File.GetUnixFileMode(_file.FilePath) & Others) != 0)
            {
                throw new SlaveRegistryException(
                    _file.FilePath,
                    $"The slave secrets file '{_file.FilePath}' may be read by other users; its tokens are not used until it is private: chmod 600 '{_file.FilePath}'");
            }
        }
        catch (FileNotFoundException)
        {
            // Removed meanwhile: the next read sees no tokens.
        }
    }
}
