namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>Writes an executable POSIX shell script (a stand-in interpreter) and returns its path.</summary>
public static class FakeInterpreter
{
    public static string Write(string path, string body)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The fake interpreter is a script with a shebang: these tests need Linux or macOS.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n" + body.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
