namespace D8.Testing.Faults;

/// <summary>What a <see cref="FaultInjectingProxy"/> does with one <c>POST /api/execute</c> instead of forwarding it.</summary>
public enum ExecuteFault
{
    /// <summary>Forward to the slave and relay its answer unchanged.</summary>
    None,

    /// <summary>Accept the request and never answer (until the client gives up or the proxy stops); the slave never sees it.</summary>
    Hang,

    /// <summary>Reset the connection without forwarding: the slave never sees the request.</summary>
    ResetBeforeForwarding,

    /// <summary>
    /// Forward to the slave (the task runs), then send the status line, headers and half of the slave's body and reset
    /// the connection: the answer is lost mid-response although the task ran.
    /// </summary>
    ResetMidResponse,

    /// <summary>Answer 200 with a body that is not JSON, without forwarding (another program on the slave's port).</summary>
    GarbageJson,

    /// <summary>Answer 500 with an error body, without forwarding.</summary>
    ServerError,

    /// <summary>Wait <see cref="FaultInjectingProxy.SlowDelay"/>, then forward and relay the answer.</summary>
    Slow,
}
