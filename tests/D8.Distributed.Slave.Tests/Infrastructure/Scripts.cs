namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>Python snippets the tests send to the slave.</summary>
public static class Scripts
{
    /// <summary>Writes its pid to <paramref name="startedFile"/> (atomically), then waits until <paramref name="releaseFile"/> exists: a task the test holds and lets go.</summary>
    public static string WaitForRelease(string startedFile, string releaseFile, string then = "") =>
        $"""
        import os, time
        with open({Quote(startedFile + ".tmp")}, 'w') as f:
            f.write(str(os.getpid()))
        os.replace({Quote(startedFile + ".tmp")}, {Quote(startedFile)})
        while not os.path.exists({Quote(releaseFile)}):
            time.sleep(0.01)
        {then}
        """;

    public static string Quote(string text) => "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
}
