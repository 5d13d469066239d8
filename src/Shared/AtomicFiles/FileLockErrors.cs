namespace D8.Shared.AtomicFiles;

/// <summary>Tells "another process holds the lock" apart from every other I/O error.</summary>
internal static class FileLockErrors
{
    // Windows reports FileShare conflicts as ERROR_SHARING_VIOLATION (32) or ERROR_LOCK_VIOLATION (33), as HRESULTs.
    private const int SharingViolation = unchecked((int)0x80070020);
    private const int LockViolation = unchecked((int)0x80070021);

    // On Unix .NET implements FileShare with flock(LOCK_NB) and reports its EWOULDBLOCK as a plain IOException whose
    // HResult is the raw errno: 11 on Linux, 35 on macOS and the BSDs.
    private static readonly int WouldBlock = OperatingSystem.IsLinux() || OperatingSystem.IsAndroid() ? 11 : 35;

    /// <summary>Whether <paramref name="exception"/> says the file is held (locked, or opened without sharing) by
    /// another holder, as opposed to a full or read-only disk, an I/O error or a bad path.</summary>
    public static bool IsHeldByAnother(IOException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (OperatingSystem.IsWindows())
        {
            return exception.HResult is SharingViolation or LockViolation;
        }

        // Subclasses (FileNotFoundException, DirectoryNotFoundException, PathTooLongException, ...) are never a lock.
        return exception.GetType() == typeof(IOException) && exception.HResult == WouldBlock;
    }
}
