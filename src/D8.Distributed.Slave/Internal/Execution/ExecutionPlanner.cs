using System.Globalization;
using D8.Distributed.Contracts;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Validates an execute request against the options and the capability snapshot, and builds the argument vector of
/// the chosen method. Every refusal carries a message that names the field.
/// </summary>
internal sealed class ExecutionPlanner(IOptions<D8SlaveOptions> options, CapabilityProbe capabilities, WorkingDirectoryResolver workingDirectories)
{
    internal const string NoCommandMessage = "No command provided";

    private readonly D8SlaveOptions _options = options.Value;

    public ExecutionPlan? Plan(ExecuteRequest request, out string? error)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Command))
        {
            error = NoCommandMessage;
            return null;
        }

        var snapshot = capabilities.Current;
        var method = ChooseMethod(request.Method, snapshot, out error);
        if (method is null)
        {
            return null;
        }

        var timeout = ResolveTimeout(request.TimeoutSeconds, out error);
        if (timeout is null)
        {
            return null;
        }

        var workingDirectory = workingDirectories.Resolve(request.WorkingDir, out error);
        if (workingDirectory is null)
        {
            return null;
        }

        if (request.Env is { } env && env.Keys.FirstOrDefault(name => name.Length == 0 || name.Contains('=', StringComparison.Ordinal)) is { } badName)
        {
            error = $"env contains an invalid variable name '{badName}'";
            return null;
        }

        var (fileName, arguments) = BuildCommandLine(method, request, snapshot, workingDirectory);
        var spec = new ProcessSpec(fileName, arguments, workingDirectory, request.Env, request.Stdin, timeout.Value, _options.MaxOutputBytes);
        error = null;
        return new ExecutionPlan(method, spec);
    }

    private static string? ChooseMethod(string? requested, CapabilitySnapshot snapshot, out string? error)
    {
        error = null;
        if (requested is null or ExecutionMethod.Auto)
        {
            var methods = snapshot.Methods;
            var chosen = methods.Docker ? ExecutionMethod.Docker
                : methods.Venv ? ExecutionMethod.Venv
                : methods.Python ? ExecutionMethod.Python
                : null;
            if (chosen is null)
            {
                error = "No Python execution method is available on this slave (method 'auto' found no docker, venv or python)";
            }

            return chosen;
        }

        if (!ExecutionMethod.IsKnown(requested))
        {
            error = $"Unknown method '{requested}': expected one of {string.Join(", ", ExecutionMethod.All)}";
            return null;
        }

        if (!snapshot.IsAvailable(requested))
        {
            error = $"method '{requested}' is not available on this slave ({Requirement(requested)})";
            return null;
        }

        return requested;
    }

    private static string Requirement(string method) => method switch
    {
        ExecutionMethod.Docker => "docker needs D8:Slave:DockerImage and a Docker engine that answers 'docker info'",
        ExecutionMethod.Venv => "venv needs D8:Slave:VenvPath pointing at a virtualenv with bin/python",
        ExecutionMethod.Python => "no python interpreter was found; see D8:Slave:PythonExecutable",
        _ => "shell needs D8:Slave:AllowShell and /bin/sh",
    };

    private TimeSpan? ResolveTimeout(double? requested, out string? error)
    {
        error = null;
        if (requested is null)
        {
            return TimeSpan.FromSeconds(_options.DefaultTimeoutSeconds);
        }

        if (!double.IsFinite(requested.Value) || requested.Value <= 0)
        {
            error = $"timeout_seconds must be a positive number of seconds, got {requested.Value.ToString(CultureInfo.InvariantCulture)}";
            return null;
        }

        return TimeSpan.FromSeconds(Math.Min(requested.Value, _options.MaxTimeoutSeconds));
    }

    private (string FileName, string[] Arguments) BuildCommandLine(string method, ExecuteRequest request, CapabilitySnapshot snapshot, string workingDirectory)
    {
        var command = request.Command!;
        return method switch
        {
            ExecutionMethod.Docker => (snapshot.DockerPath!, DockerArguments(request, workingDirectory)),
            ExecutionMethod.Venv => (snapshot.VenvPython!, ["-c", command]),
            ExecutionMethod.Shell => (CapabilityProbe.ShellPath, ["-c", command]),
            _ => (snapshot.PythonPath!, ["-c", command]),
        };
    }

    private string[] DockerArguments(ExecuteRequest request, string workingDirectory)
    {
        var arguments = new List<string> { "run", "--rm", "-i", "-v", $"{workingDirectory}:/app", "-w", "/app" };
        if (request.Env is { Count: > 0 } env)
        {
            // "-e NAME" makes docker copy the value from its own environment, so values never show in the argv.
            foreach (var name in env.Keys)
            {
                arguments.Add("-e");
                arguments.Add(name);
            }
        }

        arguments.AddRange([_options.DockerImage!, "python", "-c", request.Command!]);
        return [.. arguments];
    }
}
