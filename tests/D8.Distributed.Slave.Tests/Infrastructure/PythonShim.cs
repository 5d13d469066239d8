namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>
/// A version-manager-like shim: a directory with a <c>python3</c> shell script that appends a line to a marker file
/// each time it runs, sleeps 0.3 s (what pyenv's shim costs on a slow machine) and then execs the real interpreter.
/// Put first on the slave's search path, it shows whether tasks run the shim or the interpreter behind it.
/// </summary>
public sealed class PythonShim : IDisposable
{
    private readonly TempDirectory _directory = new("d8-python-shim");

    public PythonShim(string name = "python3")
    {
        Interpreter = Requirements.RealPython3();
        Path = FakeInterpreter.Write(_directory.Combine(name), $"echo \"$$ $*\" >> '{MarkerPath}'\nsleep 0.3\nexec '{Interpreter}' \"$@\"");
    }

    /// <summary>Gets the directory that holds the shim (for <c>PATH</c> or <see cref="D8SlaveOptions.ExecutableSearchPath"/>).</summary>
    public string Directory => _directory.Path;

    /// <summary>Gets the shim script's path.</summary>
    public string Path { get; }

    /// <summary>Gets the interpreter the shim runs (the real one).</summary>
    public string Interpreter { get; }

    /// <summary>Gets how many times the shim ran.</summary>
    public int Runs => File.Exists(MarkerPath) ? File.ReadAllLines(MarkerPath).Length : 0;

    private string MarkerPath => _directory.Combine("ran.log");

    public void Dispose() => _directory.Dispose();
}
