namespace D8.Distributed.Core.Internal;

/// <summary>Per-request settings carried in <see cref="HttpRequestMessage.Options"/> to the resilience pipeline.</summary>
internal static class SlaveRequestOptions
{
    /// <summary>The per-attempt timeout of this request (health: the configured one; execute: task timeout + margin).</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("D8.AttemptTimeout");

    /// <summary>Set on a POST that carries a <c>task_id</c>: the slave deduplicates it, so retrying is safe.</summary>
    public static readonly HttpRequestOptionsKey<bool> Idempotent = new("D8.Idempotent");

    /// <summary>
    /// Set on every request to an HTTPS slave: the pinned SHA-256 fingerprint its certificate must have (empty when
    /// none is pinned yet, which refuses every certificate). Read by <see cref="SlaveCertificatePinning"/>.
    /// </summary>
    public static readonly HttpRequestOptionsKey<string> PinnedFingerprint = new("D8.PinnedFingerprint");
}
