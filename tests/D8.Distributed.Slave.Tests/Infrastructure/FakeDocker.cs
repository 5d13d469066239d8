namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>
/// A fake <c>docker</c> executable in its own directory (given to the slave through
/// <see cref="D8SlaveOptions.ExecutableSearchPath"/>, never through this process's PATH). It records every argv,
/// answers <c>info</c> (or fails it), runs <c>run ... python -c CODE</c> with the local python3, and answers
/// <c>kill</c> and <c>rm</c> (as if a container had been stopped).
/// Commands given to it must be single-line (the log is line-based).
/// </summary>
public sealed class FakeDocker : IDisposable
{
    // A POSIX shell script (cheap to start): one line per call, the arguments separated by the unit separator \037.
    private const string Script = """
        #!/bin/sh
        here=$(dirname "$0")
        { for argument in "$@"; do printf '%s\037' "$argument"; done; printf '\n'; } >> "$here/calls.log"
        case "$1" in
          info)
            if [ -e "$here/info-fails" ]; then
              echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' >&2
              exit 1
            fi
            echo 'Server Version: 99.0.0-fake'
            exit 0 ;;
          run)
            while [ $# -gt 0 ] && [ "$1" != python ]; do shift; done
            shift
            exec python3 "$@" ;;
          kill|rm)
            exit 0 ;;
        esac
        exit 2
        """;

    private readonly TempDirectory _directory = new("d8-fake-docker");

    public FakeDocker(bool infoFails = false)
    {
        var path = _directory.Combine("docker");
        File.WriteAllText(path, Script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The fake docker is a script with a shebang: these tests need Linux or macOS.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        InfoFails = infoFails;
    }

    public string Directory => _directory.Path;

    public bool InfoFails
    {
        get => File.Exists(_directory.Combine("info-fails"));
        set
        {
            if (value)
            {
                File.WriteAllText(_directory.Combine("info-fails"), "");
            }
            else
            {
                File.Delete(_directory.Combine("info-fails"));
            }
        }
    }

    /// <summary>Every recorded argv, oldest first.</summary>
    public IReadOnlyList<string[]> Calls =>
        File.Exists(_directory.Combine("calls.log"))
            ? File.ReadAllLines(_directory.Combine("calls.log")).Select(line => line.TrimEnd('\u001f').Split('\u001f')).ToList()
            : [];

    public int InfoCalls => Calls.Count(call => call is ["info"]);

    public void Dispose() => _directory.Dispose();
}
