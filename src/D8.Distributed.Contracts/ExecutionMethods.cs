namespace D8.Distributed.Contracts;

/// <summary>
/// Which execution methods a slave can use, as reported in <c>execution_methods</c> of <c>GET /api/health</c>.
/// </summary>
/// <param name="Docker">Whether a Docker engine answered the probe and an image is configured.</param>
/// <param name="Venv">Whether the configured virtualenv's interpreter exists.</param>
/// <param name="Python">Whether a native Python interpreter was found.</param>
/// <param name="Shell">Whether shell commands can be run (an extension of ours; the old slave never sends it).</param>
public sealed record ExecutionMethods(bool Docker, bool Venv, bool Python, bool Shell = false);
