using D8.HumanRequests;

namespace D8.Telegram.Internal.Commands;

/// <summary>The status filter of <c>/solicitudes</c>: Spanish or English words, singular or plural, or "all".</summary>
internal static class StatusWords
{
    private static readonly Dictionary<string, HumanRequestStatus?> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pendiente"] = HumanRequestStatus.Pending,
        ["pendientes"] = HumanRequestStatus.Pending,
        ["aprobada"] = HumanRequestStatus.Approved,
        ["aprobadas"] = HumanRequestStatus.Approved,
        ["rechazada"] = HumanRequestStatus.Rejected,
        ["rechazadas"] = HumanRequestStatus.Rejected,
        ["pospuesta"] = HumanRequestStatus.Postponed,
        ["pospuestas"] = HumanRequestStatus.Postponed,
        ["completada"] = HumanRequestStatus.Completed,
        ["completadas"] = HumanRequestStatus.Completed,
        ["cancelada"] = HumanRequestStatus.Cancelled,
        ["canceladas"] = HumanRequestStatus.Cancelled,
        ["todas"] = null,
        ["all"] = null,
    };

    public static bool TryParse(string word, out HumanRequestStatus? status)
    {
        if (Words.TryGetValue(word, out status))
        {
            return true;
        }

        if (HumanRequestNames.TryParseStatus(word, out var parsed))
        {
            status = parsed;
            return true;
        }

        status = null;
        return false;
    }
}
