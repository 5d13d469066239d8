using System.Text.Json;

namespace D8.HumanRequests.Internal;

/// <summary>
/// The whole content of a store: the id counter and the requests in creation order. Immutable; the <c>With…</c>
/// methods return changed copies and keep an id index, so finding or replacing a request is cheap even with
/// thousands of them.
/// </summary>
internal sealed class HumanRequestStoreSnapshot
{
    private readonly HumanRequest[] _requests;
    private readonly Dictionary<string, int> _index;

    /// <summary>Creates a snapshot.</summary>
    /// <param name="counter">The last id number handed out; the next id is <c>counter + 1</c>.</param>
    /// <param name="requests">The requests in creation order; ids must be unique.</param>
    /// <exception cref="ArgumentException">Two requests have the same id, or <paramref name="counter"/> is negative.</exception>
    public HumanRequestStoreSnapshot(int counter, IEnumerable<HumanRequest> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        _requests = [.. requests];
        _index = new Dictionary<string, int>(_requests.Length, StringComparer.Ordinal);
        for (var i = 0; i < _requests.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_requests[i], nameof(requests));
            if (!_index.TryAdd(_requests[i].Id, i))
            {
                throw new ArgumentException($"Duplicate request id '{_requests[i].Id}'.", nameof(requests));
            }
        }

        Counter = counter;
    }

    private HumanRequestStoreSnapshot(
        int counter,
        HumanRequest[] requests,
        Dictionary<string, int> index,
        IReadOnlyDictionary<string, JsonElement>? extensionData)
    {
        Counter = counter;
        _requests = requests;
        _index = index;
        ExtensionData = extensionData;
    }

    /// <summary>An empty store: counter 0, no requests.</summary>
    public static HumanRequestStoreSnapshot Empty { get; } = new(0, []);

    /// <summary>The last id number handed out (<c>counter</c> in the file).</summary>
    public int Counter { get; }

    /// <summary>The requests in creation order.</summary>
    public IReadOnlyList<HumanRequest> Requests => _requests;

    /// <summary>The owner alerts (<c>alerts</c> in the file), in creation order.</summary>
    public IReadOnlyList<OwnerAlert> Alerts { get; init; } = [];

    /// <summary>Unknown top-level JSON members of the file, written back unchanged.</summary>
    internal IReadOnlyDictionary<string, JsonElement>? ExtensionData { get; init; }

    /// <summary>Finds a request by id.</summary>
    /// <param name="requestId">The id.</param>
    /// <returns>The request, or <see langword="null"/>.</returns>
    public HumanRequest? Find(string requestId)
    {
        ArgumentNullException.ThrowIfNull(requestId);
        return _index.TryGetValue(requestId, out var i) ? _requests[i] : null;
    }

    /// <summary>Returns a copy with <paramref name="request"/> replacing the request with the same id, or appended
    /// when there is none.</summary>
    /// <param name="request">The request to store.</param>
    /// <returns>The changed copy.</returns>
    public HumanRequestStoreSnapshot WithRequest(HumanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_index.TryGetValue(request.Id, out var i))
        {
            // Positions do not move on replace, so the index can be shared between the two snapshots.
            var copy = (HumanRequest[])_requests.Clone();
            copy[i] = request;
            return new HumanRequestStoreSnapshot(Counter, copy, _index, ExtensionData) { Alerts = Alerts };
        }

        var appended = new HumanRequest[_requests.Length + 1];
        Array.Copy(_requests, appended, _requests.Length);
        appended[^1] = request;
        var index = new Dictionary<string, int>(_index, StringComparer.Ordinal) { [request.Id] = _requests.Length };
        return new HumanRequestStoreSnapshot(Counter, appended, index, ExtensionData) { Alerts = Alerts };
    }

    /// <summary>Returns a copy with another counter.</summary>
    /// <param name="counter">The last id number handed out.</param>
    /// <returns>The changed copy.</returns>
    public HumanRequestStoreSnapshot WithCounter(int counter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(counter);
        return new HumanRequestStoreSnapshot(counter, _requests, _index, ExtensionData) { Alerts = Alerts };
    }

    /// <summary>Returns a copy with other owner alerts.</summary>
    /// <param name="alerts">The alerts, in creation order.</param>
    /// <returns>The changed copy.</returns>
    public HumanRequestStoreSnapshot WithAlerts(IReadOnlyList<OwnerAlert> alerts)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        return new HumanRequestStoreSnapshot(Counter, _requests, _index, ExtensionData) { Alerts = alerts };
    }
}
