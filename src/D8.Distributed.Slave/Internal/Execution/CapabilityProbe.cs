using Microsoft.Extensions.Logging;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Probes every registered <see cref="IExecutionMethod"/> (at once) and keeps the result as a snapshot that health and
/// execute read without spawning anything. The Python version line is the first one a probe read (the native
/// interpreter's); when none did, it is read from the first method that has a host interpreter (the virtualenv's).
/// </summary>
internal sealed class CapabilityProbe : IDisposable
{
    private readonly IExecutionMethod[] _methods;
    private readonly ProbeRunner _probes;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CapabilityProbe> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TaskCompletionSource _firstProbe = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile CapabilitySnapshot _current;
    private int _probeCount;

    public CapabilityProbe(IEnumerable<IExecutionMethod> methods, ProbeRunner probes, TimeProvider timeProvider, ILogger<CapabilityProbe> logger)
    {
        ArgumentNullException.ThrowIfNull(methods);
        _methods = [.. methods];
        if (_methods.GroupBy(method => method.Name, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1) is { } duplicate)
        {
            throw new InvalidOperationException($"Two execution methods are registered with the name '{duplicate.Key}': {string.Join(", ", duplicate.Select(m => m.GetType().Name))}.");
        }

        _probes = probes;
        _timeProvider = timeProvider;
        _logger = logger;
        _current = CapabilitySnapshot.Unprobed(_methods);
    }

    public CapabilitySnapshot Current => _current;

    /// <summary>Gets whether a probe has finished (until then <see cref="Current"/> is the unprobed snapshot).</summary>
    public bool IsProbed => _firstProbe.Task.IsCompleted;

    /// <summary>
    /// The snapshot once the first probe has finished. The first probe runs in the background while the host starts
    /// (so Kestrel listens without waiting for a Python spawn); health and execute await it here, so even the first
    /// answer reports what the slave can do. Costs nothing after the first probe.
    /// </summary>
    public ValueTask<CapabilitySnapshot> CurrentAsync(CancellationToken cancellationToken) =>
        _firstProbe.Task.IsCompleted ? ValueTask.FromResult(_current) : WaitForFirstProbeAsync(cancellationToken);

    /// <summary>Gets how many probes ran: a seam for tests that health never probes per call.</summary>
    public int ProbeCount => Volatile.Read(ref _probeCount);

    public async Task<CapabilitySnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Interlocked.Increment(ref _probeCount);
            var probes = await Task.WhenAll(_methods.Select(method => ProbeAsync(method, cancellationToken))).ConfigureAwait(false);
            var states = _methods.Zip(probes, (method, probe) => new MethodState(method, probe)).ToArray();
            foreach (var state in states.Where(state => !state.Probe.IsAvailable && !state.Probe.IsDisabled))
            {
                Log.ProbeFailed(_logger, state.Method.Name, state.Probe.Reason!);
            }

            var version = await PythonVersionAsync(states, cancellationToken).ConfigureAwait(false);
            var snapshot = new CapabilitySnapshot(states, version ?? CapabilitySnapshot.UnknownPythonVersion, _timeProvider.GetUtcNow());
            _current = snapshot;
            var available = string.Join(", ", snapshot.AvailableMethods);
            Log.CapabilitiesProbed(_logger, available.Length == 0 ? "none" : available, snapshot.PythonVersion);
            _firstProbe.TrySetResult();
            return snapshot;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Ends the wait of <see cref="CurrentAsync"/> without a probe (the first one failed or the host is stopping): the
    /// answers then report the unprobed snapshot (no method available) rather than hang.
    /// </summary>
    public void FirstProbeAbandoned() => _firstProbe.TrySetResult();

    private async ValueTask<CapabilitySnapshot> WaitForFirstProbeAsync(CancellationToken cancellationToken)
    {
        await _firstProbe.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _current;
    }

    public void Dispose() => _gate.Dispose();

    private static async Task<MethodProbe> ProbeAsync(IExecutionMethod method, CancellationToken cancellationToken)
    {
        try
        {
            return await method.ProbeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One broken probe makes its own method unavailable; the others are still offered.
            return MethodProbe.Unavailable($"the probe failed: {ex.Message}");
        }
    }

    private async Task<string?> PythonVersionAsync(MethodState[] states, CancellationToken cancellationToken)
    {
        if (states.Select(state => state.Probe.PythonVersion).FirstOrDefault(version => version is not null) is { } known)
        {
            return known;
        }

        if (states.FirstOrDefault(state => state.Probe.PythonInterpreter is not null) is not { } fallback)
        {
            return null;
        }

        // No probe read a version (no native interpreter): report the virtualenv's rather than nothing.
        var (version, failure) = await _probes.ReadPythonVersionAsync(fallback.Probe.PythonInterpreter!, cancellationToken).ConfigureAwait(false);
        if (version is null)
        {
            Log.ProbeFailed(_logger, fallback.Method.Name, $"its interpreter did not tell its version: {failure}");
        }

        return version;
    }
}
