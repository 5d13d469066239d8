using System.Diagnostics;
using System.Text.Json.Nodes;
using D8.Distributed.Core.Internal;
using D8.Shared.AtomicFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests.Registry;

/// <summary>
/// <c>slaves/config.json</c> of one data directory, edited the way another tool that follows the discipline would
/// (the lock file held with FileShare.None, which is flock on Linux; a temp file renamed over the file), plus
/// independent registry instances over it (as several processes would have).
/// </summary>
internal sealed class RegistryFile(string dataDirectory)
{
    public string Path { get; } = System.IO.Path.Combine(dataDirectory, "slaves", "config.json");

    public string LockPath => Path + ".lock";

    public string Directory => System.IO.Path.GetDirectoryName(Path)!;

    public FileSlaveRegistry NewRegistry(
        Action<D8MasterOptions>? configure = null,
        TimeProvider? timeProvider = null,
        IFileSystem? fileSystem = null,
        ILogger<FileSlaveRegistry>? logger = null,
        AtomicFileOptions? fileOptions = null)
    {
        var options = new D8MasterOptions { DataDirectory = dataDirectory, Token = "t" };
        configure?.Invoke(options);
        return new FileSlaveRegistry(
            Options.Create(options),
            timeProvider ?? TimeProvider.System,
            logger ?? NullLogger<FileSlaveRegistry>.Instance,
            fileSystem ?? PhysicalFileSystem.Instance,
            fileOptions ?? new AtomicFileOptions());
    }

    public void Write(string json)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllText(Path, json);
    }

    public JsonObject Read() => JsonNode.Parse(File.ReadAllText(Path))!.AsObject();

    public IReadOnlyList<string> Ids() => [.. Read().Select(pair => pair.Key).Order(StringComparer.Ordinal)];

    /// <summary>Edits the file as another tool following the discipline does: lock, read, change, temp + rename.</summary>
    public async Task EditAsync(Action<JsonObject> edit)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var held = await LockAsync();
        var content = File.Exists(Path) ? Read() : [];
        edit(content);
        var temp = Path + ".editor.tmp";
        await File.WriteAllTextAsync(temp, content.ToJsonString());
        File.Move(temp, Path, overwrite: true);
    }

    /// <summary>Takes the registry's lock as another process would, for as long as the result is not disposed.</summary>
    public async Task<FileStream> LockAsync()
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (watch.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Yield();
            }
        }
    }

    public static JsonObject Entry(int port, string status = "unknown") => new()
    {
        ["host"] = "127.0.0.1",
        ["port"] = port,
        ["status"] = status,
        ["install_method"] = "python",
        ["registered_at"] = "2025-11-20T10:00:00",
        ["last_seen"] = "never",
    };
}
