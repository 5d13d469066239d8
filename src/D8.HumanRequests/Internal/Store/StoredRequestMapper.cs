using System.Text.Json;

namespace D8.HumanRequests.Internal;

/// <summary>Maps between the stored shape and the model. Reading refuses what it cannot map faithfully
/// (<see cref="FormatException"/>): better to stop than to rewrite a file with a guess.</summary>
internal static class StoredRequestMapper
{
    public static HumanRequestStoreSnapshot ToSnapshot(StoredRequestFile file, TimeZoneInfo localZone)
    {
        var stored = file.Requests ?? throw new FormatException("the \"requests\" array is missing");
        if (file.Counter < 0)
        {
            throw new FormatException("\"counter\" is negative");
        }

        var requests = new HumanRequest[stored.Count];
        var seen = new HashSet<string>(stored.Count, StringComparer.Ordinal);
        for (var i = 0; i < stored.Count; i++)
        {
            var request = ToModel(stored[i] ?? throw new FormatException($"requests[{i}] is null"), i, localZone);
            if (!seen.Add(request.Id))
            {
                throw new FormatException($"requests[{i}]: the id '{request.Id}' appears twice");
            }

            requests[i] = request;
        }

        return new HumanRequestStoreSnapshot(file.Counter, requests)
        {
            ExtensionData = Freeze(file.Extra),
            Alerts = OwnerAlertMapper.ToModel(file.Alerts, localZone),
        };
    }

    public static StoredRequestFile ToStored(HumanRequestStoreSnapshot snapshot)
    {
        var requests = new List<StoredRequest>(snapshot.Requests.Count);
        foreach (var request in snapshot.Requests)
        {
            requests.Add(ToStored(request));
        }

        return new StoredRequestFile { Counter = snapshot.Counter, Requests = requests, Alerts = OwnerAlertMapper.ToStored(snapshot.Alerts), Extra = Thaw(snapshot.ExtensionData) };
    }

    public static HumanRequest ToModel(StoredRequest s, int index, TimeZoneInfo localZone)
    {
        var where = $"requests[{index}]";
        var id = Required(s.RequestId, where, "request_id");
        where = $"requests[{index}] ('{id}')";
        if (!HumanRequestNames.TryParseType(s.RequestType, out var type))
        {
            throw new FormatException($"{where}: unknown request_type '{s.RequestType}'");
        }

        if (!HumanRequestNames.TryParseStatus(s.Status, out var status))
        {
            throw new FormatException($"{where}: unknown status '{s.Status}'");
        }

        return new HumanRequest
        {
            Id = id,
            Type = type,
            Title = s.Title ?? string.Empty,
            Description = s.Description ?? string.Empty,
            EstimatedCost = s.EstimatedCost,
            Priority = s.Priority,
            CreatedAt = Timestamp(Required(s.CreatedAt, where, "created_at"), where, "created_at", localZone),
            CreatedBy = s.CreatedBy ?? string.Empty,
            Status = status,
            ApprovedAt = OptionalTimestamp(s.ApprovedAt, where, "approved_at", localZone),
            CompletedAt = OptionalTimestamp(s.CompletedAt, where, "completed_at", localZone),
            ActualCost = s.ActualCost,
            Notes = s.Notes ?? string.Empty,
            History = s.History is null ? [] : s.History.Select((h, i) => ToModel(h, $"{where}.history[{i}]", localZone)).ToArray(),
            PostponedUntil = OptionalTimestamp(s.PostponedUntil, where, "postponed_until", localZone),
            Notification = s.Notification is null ? null : ToModel(s.Notification, where, localZone),
            BudgetAlerts = ToModel(s.BudgetAlerts, $"{where}.budget_alerts", localZone),
            Options = s.Options?.Select((o, i) => o ?? throw new FormatException($"{where}.options[{i}] is null")).ToArray() ?? [],
            ChosenOption = s.ChosenOption,
            ExpiresAt = OptionalTimestamp(s.ExpiresAt, where, "expires_at", localZone),
            ExpiryRemindedAt = OptionalTimestamp(s.ExpiryRemindedAt, where, "expiry_reminded_at", localZone),
            SentMessages = ToModel(s.SentMessages, $"{where}.sent_messages", localZone),
            ExtensionData = Freeze(s.Extra),
        };
    }

    public static StoredRequest ToStored(HumanRequest r) => new()
    {
        RequestId = r.Id,
        RequestType = r.Type.ToWireName(),
        Title = r.Title,
        Description = r.Description,
        EstimatedCost = r.EstimatedCost,
        Priority = r.Priority,
        CreatedAt = HumanRequestTimestamps.Format(r.CreatedAt),
        CreatedBy = r.CreatedBy,
        Status = r.Status.ToWireName(),
        ApprovedAt = HumanRequestTimestamps.Format(r.ApprovedAt),
        CompletedAt = HumanRequestTimestamps.Format(r.CompletedAt),
        ActualCost = r.ActualCost,
        Notes = r.Notes,
        History = r.History.Count == 0 && r.Notification is null ? null : r.History.Select(ToStored).ToList(),
        PostponedUntil = HumanRequestTimestamps.Format(r.PostponedUntil),
        Notification = r.Notification is null ? null : ToStored(r.Notification),
        BudgetAlerts = ToStored(r.BudgetAlerts),
        Options = r.Options.Count == 0 ? null : [.. r.Options],
        ChosenOption = r.ChosenOption,
        ExpiresAt = HumanRequestTimestamps.Format(r.ExpiresAt),
        ExpiryRemindedAt = HumanRequestTimestamps.Format(r.ExpiryRemindedAt),
        SentMessages = r.SentMessages.Count == 0
            ? null
            : [.. r.SentMessages.Select(m => new StoredSentMessage { Channel = m.Channel, ChatId = m.ChatId, MessageId = m.MessageId, SentAt = HumanRequestTimestamps.Format(m.SentAt) })],
        Extra = Thaw(r.ExtensionData),
    };

    private static HumanRequestHistoryEntry ToModel(StoredHistoryEntry h, string where, TimeZoneInfo localZone)
    {
        if (!HumanRequestNames.TryParseAction(h.Action, out var action))
        {
            throw new FormatException($"{where}: unknown action '{h.Action}'");
        }

        if (!HumanRequestNames.TryParseStatus(h.To, out var to))
        {
            throw new FormatException($"{where}: unknown status '{h.To}'");
        }

        HumanRequestStatus? from = null;
        if (h.From is not null)
        {
            from = HumanRequestNames.TryParseStatus(h.From, out var f) ? f : throw new FormatException($"{where}: unknown status '{h.From}'");
        }

        return new HumanRequestHistoryEntry(
            Timestamp(Required(h.At, where, "at"), where, "at", localZone),
            h.Actor ?? string.Empty,
            action,
            from,
            to,
            h.Note);
    }

    private static StoredHistoryEntry ToStored(HumanRequestHistoryEntry h) => new()
    {
        At = HumanRequestTimestamps.Format(h.At),
        Actor = h.Actor,
        Action = h.Action.ToWireName(),
        From = h.From?.ToWireName(),
        To = h.To.ToWireName(),
        Note = h.Note,
    };

    private static HumanRequestNotificationState ToModel(StoredNotification n, string where, TimeZoneInfo localZone) => new()
    {
        Kind = ParseKind(n.Kind) ?? throw new FormatException($"{where}.notification: unknown kind '{n.Kind}'"),
        Notified = n.Notified,
        Attempts = n.Attempts,
        NextAttemptAt = OptionalTimestamp(n.NextAttemptAt, where, "notification.next_attempt_at", localZone),
        DeliveredTo = n.DeliveredTo?.ToArray() ?? [],
        LastError = n.LastError,
        BudgetAlerts = ToModel(n.BudgetAlerts, $"{where}.notification.budget_alerts", localZone),
    };

    private static StoredNotification ToStored(HumanRequestNotificationState n) => new()
    {
        Kind = KindName(n.Kind),
        Notified = n.Notified,
        Attempts = n.Attempts,
        NextAttemptAt = HumanRequestTimestamps.Format(n.NextAttemptAt),
        DeliveredTo = [.. n.DeliveredTo],
        LastError = n.LastError,
        BudgetAlerts = ToStored(n.BudgetAlerts),
    };

    private static HumanRequestBudgetAlert[] ToModel(List<StoredBudgetAlert>? alerts, string where, TimeZoneInfo localZone)
    {
        if (alerts is null)
        {
            return [];
        }

        var result = new HumanRequestBudgetAlert[alerts.Count];
        for (var i = 0; i < alerts.Count; i++)
        {
            var a = alerts[i] ?? throw new FormatException($"{where}[{i}] is null");
            HumanRequestType? type = null;
            if (a.Type is not null)
            {
                type = HumanRequestNames.TryParseType(a.Type, out var t) ? t : throw new FormatException($"{where}[{i}]: unknown type '{a.Type}'");
            }

            result[i] = new HumanRequestBudgetAlert(type, a.Year, a.Month, a.Percent, a.Limit, a.Spent, Timestamp(Required(a.RaisedAt, $"{where}[{i}]", "raised_at"), $"{where}[{i}]", "raised_at", localZone));
        }

        return result;
    }

    private static HumanRequestSentMessage[] ToModel(List<StoredSentMessage>? messages, string where, TimeZoneInfo localZone)
    {
        if (messages is null)
        {
            return [];
        }

        var result = new HumanRequestSentMessage[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i] ?? throw new FormatException($"{where}[{i}] is null");
            var at = $"{where}[{i}]";
            result[i] = new HumanRequestSentMessage(
                Required(m.Channel, at, "channel"),
                Required(m.ChatId, at, "chat_id"),
                Required(m.MessageId, at, "message_id"),
                Timestamp(Required(m.SentAt, at, "sent_at"), at, "sent_at", localZone));
        }

        return result;
    }

    private static List<StoredBudgetAlert>? ToStored(IReadOnlyList<HumanRequestBudgetAlert> alerts) =>
        alerts.Count == 0
            ? null
            : [.. alerts.Select(a => new StoredBudgetAlert
            {
                Type = a.Type?.ToWireName(),
                Year = a.Year,
                Month = a.Month,
                Percent = a.Percent,
                Limit = a.Limit,
                Spent = a.Spent,
                RaisedAt = HumanRequestTimestamps.Format(a.RaisedAt),
            })];

    private static string KindName(HumanRequestNotificationKind kind) => kind switch
    {
        HumanRequestNotificationKind.New => "new",
        HumanRequestNotificationKind.DueAgain => "due_again",
        HumanRequestNotificationKind.AutoApproved => "auto_approved",
        HumanRequestNotificationKind.BudgetAlert => "budget_alert",
        HumanRequestNotificationKind.ExpiryReminder => "expiry_reminder",
        HumanRequestNotificationKind.Decided => "decided",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notification kind."),
    };

    private static HumanRequestNotificationKind? ParseKind(string? name) => name switch
    {
        "new" => HumanRequestNotificationKind.New,
        "due_again" => HumanRequestNotificationKind.DueAgain,
        "auto_approved" => HumanRequestNotificationKind.AutoApproved,
        "budget_alert" => HumanRequestNotificationKind.BudgetAlert,
        "expiry_reminder" => HumanRequestNotificationKind.ExpiryReminder,
        "decided" => HumanRequestNotificationKind.Decided,
        _ => null,
    };

    private static string Required(string? value, string where, string field) =>
        string.IsNullOrEmpty(value) ? throw new FormatException($"{where}: \"{field}\" is missing") : value;

    private static DateTimeOffset Timestamp(string text, string where, string field, TimeZoneInfo localZone) =>
        HumanRequestTimestamps.TryParse(text, localZone, out var value)
            ? value
            : throw new FormatException($"{where}: \"{field}\" is not a timestamp: '{text}'");

    private static DateTimeOffset? OptionalTimestamp(string? text, string where, string field, TimeZoneInfo localZone) =>
        text is null ? null : Timestamp(text, where, field, localZone);

    private static Dictionary<string, JsonElement>? Freeze(Dictionary<string, JsonElement>? extra) =>
        extra is { Count: > 0 } ? extra.ToDictionary(p => p.Key, p => p.Value.Clone(), StringComparer.Ordinal) : null;

    private static Dictionary<string, JsonElement>? Thaw(IReadOnlyDictionary<string, JsonElement>? extra) =>
        extra is null ? null : new Dictionary<string, JsonElement>(extra, StringComparer.Ordinal);
}
