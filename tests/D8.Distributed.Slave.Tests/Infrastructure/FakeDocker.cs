using System.Text.Json;

namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>
/// A fake <c>docker</c> executable in its own directory (given to the slave through
/// <see cref="D8SlaveOptions.ExecutableSearchPath"/>, never through this process's PATH). It records every argv,
/// answers <c>info</c> (or fails it), and runs <c>run ... python -c CODE</c> with the local python3.
/// </summary>
public sealed class FakeDocker : IDisposable
{
    private const string Script = """
        #!/usr/bin/env python3
        import json, os, subprocess, sys
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, 'calls.jsonl'), 'a') as log:
            log.write(json.dumps(sys.argv[1:]) + '\n')
        args = sys.argv[1:]
        if args[:1] == ['info']:
            if os.path.exists(os.path.join(here, 'info-fails')):
                print('Cannot connect to the Docker daemon at unix:///var/run/docker.sock', file=sys.stderr)
                sys.exit(1)
            print('Server Version: 99.0.0-fake')
            sys.exit(0)
        if args[:1] == ['run']:
            sys.exit(subprocess.call([sys.executable] + args[args.index('python') + 1:]))
        sys.exit(2)
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
        File.Exists(_directory.Combine("calls.jsonl"))
            ? File.ReadAllLines(_directory.Combine("calls.jsonl")).Select(line => JsonSerializer.Deserialize<string[]>(line)!).ToList()
            : [];

    public int InfoCalls => Calls.Count(call => call is ["info"]);

    public void Dispose() => _directory.Dispose();
}
