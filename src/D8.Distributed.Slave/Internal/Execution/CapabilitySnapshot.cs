using D8.Distributed.Contracts;

namespace D8.Distributed.Slave.Internal;

/// <summary>What the last probe found: the usable methods, their executables and the Python version line.</summary>
internal sealed record CapabilitySnapshot(
    ExecutionMethods Methods,
    string PythonVersion,
    string? PythonPath,
    string? VenvPython,
    string? DockerPath,
    DateTimeOffset ProbedAt)
{
    public static CapabilitySnapshot None { get; } =
        new(new ExecutionMethods(Docker: false, Venv: false, Python: false, Shell: false), "unavailable", null, null, null, DateTimeOffset.MinValue);

    public bool IsAvailable(string method) => method switch
    {
        ExecutionMethod.Docker => Methods.Docker,
        ExecutionMethod.Venv => Methods.Venv,
        ExecutionMethod.Python => Methods.Python,
        ExecutionMethod.Shell => Methods.Shell,
        _ => false,
    };
}
