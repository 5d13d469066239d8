namespace D8.Distributed.Slave.Internal;

/// <summary>
/// The interpreter a configured program turned out to run (<c>sys.executable</c>), remembered so that later probes
/// spawn nothing while neither file changed, and so that every task runs the interpreter itself instead of paying for
/// a version manager's shim (pyenv, asdf) on each spawn.
/// </summary>
/// <param name="Configured">The program found for the setting (a shim, a symbolic link or the interpreter itself).</param>
/// <param name="Interpreter">What tasks run: <c>sys.executable</c> as the configured program reported it, or the configured program.</param>
/// <param name="Version">The <c>sys.version</c> line read with it, if it was read.</param>
internal sealed record ResolvedInterpreter(string Configured, string Interpreter, string? Version)
{
    private readonly DateTime _configuredStamp = Stamp(Configured);
    private readonly DateTime _interpreterStamp = Stamp(Interpreter);
    private int _goneReported;

    /// <summary>Gets whether the probe resolved the configured program to another file.</summary>
    public bool IsResolved => !string.Equals(Configured, Interpreter, StringComparison.Ordinal);

    /// <summary>
    /// <c>sys.executable</c> when it names an existing file (an interpreter that cannot tell, an embedded one, prints
    /// an empty line), else <paramref name="configured"/>.
    /// </summary>
    public static ResolvedInterpreter From(string configured, string? executable, string? version)
    {
        ArgumentException.ThrowIfNullOrEmpty(configured);
        var interpreter = executable is { Length: > 0 } path && Path.IsPathRooted(path) && File.Exists(path) ? Path.GetFullPath(path) : configured;
        return new ResolvedInterpreter(configured, interpreter, version);
    }

    /// <summary>Whether a new probe of <paramref name="configured"/> would find the same: same program, neither file changed, the interpreter still there.</summary>
    public bool StillHolds(string configured) =>
        string.Equals(configured, Configured, StringComparison.Ordinal)
        && File.Exists(Interpreter)
        && Stamp(Configured) == _configuredStamp
        && Stamp(Interpreter) == _interpreterStamp;

    /// <summary>
    /// The program a task runs: the interpreter, or the configured program when the interpreter disappeared since the
    /// probe (a pyenv version removed); <paramref name="gone"/> is told once. The next probe resolves again.
    /// </summary>
    public string ProgramForTask(Action gone)
    {
        ArgumentNullException.ThrowIfNull(gone);
        if (!IsResolved || File.Exists(Interpreter) || !File.Exists(Configured))
        {
            return Interpreter;
        }

        if (Interlocked.Exchange(ref _goneReported, 1) == 0)
        {
            gone();
        }

        return Configured;
    }

    private static DateTime Stamp(string path) => File.GetLastWriteTimeUtc(path);
}
