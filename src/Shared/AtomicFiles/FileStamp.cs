namespace D8.Shared.AtomicFiles;

/// <summary>Length and last write time of a file: enough to notice that another process replaced it.</summary>
internal readonly record struct FileStamp(long Length, DateTime LastWriteTimeUtc);
