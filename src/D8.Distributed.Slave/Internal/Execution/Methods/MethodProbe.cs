namespace D8.Distributed.Slave.Internal;

/// <summary>What probing one execution method found.</summary>
internal sealed record MethodProbe
{
    /// <summary>Gets the result of a method that was not probed yet: unavailable, not worth a log line.</summary>
    public static MethodProbe NotProbed { get; } = Disabled("not probed yet");

    /// <summary>Gets whether the method can run tasks on this machine.</summary>
    public bool IsAvailable { get; private init; }

    /// <summary>Gets the program the method runs (a full path), when available.</summary>
    public string? Executable { get; private init; }

    /// <summary>Gets why the method is unavailable, or <see langword="null"/> when it is available.</summary>
    public string? Reason { get; private init; }

    /// <summary>Gets whether the method is unavailable only because the configuration turns it off (not logged as a failure).</summary>
    public bool IsDisabled { get; private init; }

    /// <summary>Gets the Python version line (<c>sys.version</c>) the probe read, if it read one.</summary>
    public string? PythonVersion { get; private init; }

    /// <summary>Gets a Python interpreter on this host that can tell its version, if the method has one.</summary>
    public string? PythonInterpreter { get; private init; }

    public static MethodProbe Available(string executable, string? pythonInterpreter = null, string? pythonVersion = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executable);
        return new() { IsAvailable = true, Executable = executable, PythonInterpreter = pythonInterpreter, PythonVersion = pythonVersion };
    }

    /// <summary>Configured, but it does not work here (a missing program, a failing <c>docker info</c>): logged.</summary>
    public static MethodProbe Unavailable(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new() { Reason = reason };
    }

    /// <summary>Turned off by the configuration (no image, no virtualenv, shell not allowed).</summary>
    public static MethodProbe Disabled(string reason)
    {
        ArgumentException.ThrowIfNullOrEmpty(reason);
        return new() { Reason = reason, IsDisabled = true };
    }
}
