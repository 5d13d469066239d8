using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram.Internal.Texts;
using D8.Testing.Telegram;
using Snapshooter;
using Snapshooter.Xunit;

namespace D8.Telegram.Tests.Internal.Texts;

public sealed class TelegramMessageFormatterTests
{
    private static readonly DateTimeOffset Created = new(2025, 11, 20, 10, 0, 0, TimeSpan.Zero);

    private static readonly HumanRequest Pending = new()
    {
        Id = "req-0001",
        Type = HumanRequestType.Payment,
        Title = "Comprar dominio <nicho> & más",
        Description = "Namecheap: 12.99 el primer año.\nRenovación 15.99.",
        EstimatedCost = 12.99m,
        Priority = 8,
        CreatedAt = Created,
        CreatedBy = "NicheDiscovery",
        History = [new HumanRequestHistoryEntry(Created, "NicheDiscovery", HumanRequestAction.Create, null, HumanRequestStatus.Pending, null)],
    };

    [Theory]
    [InlineData("es")]
    [InlineData("en")]
    public void EveryMessage_MatchesSnapshot(string language)
    {
        var formatter = new TelegramMessageFormatter(TelegramTexts.For(language));
        var t = formatter.Texts;
        var slaves = new SlaveMessageFormatter(t);
        var approved = Decide(Pending, HumanRequestAction.Approve, HumanRequestStatus.Approved, "telegram:111111", null) with { ApprovedAt = Created.AddHours(1) };
        var autoApproved = Decide(Pending, HumanRequestAction.Approve, HumanRequestStatus.Approved, "auto:small-payments", null);
        var rejected = Decide(Pending, HumanRequestAction.Reject, HumanRequestStatus.Rejected, "telegram:111111", "muy caro");
        var postponed = Decide(Pending, HumanRequestAction.Postpone, HumanRequestStatus.Postponed, "telegram:111111", "lo pienso") with { PostponedUntil = Created.AddDays(1) };
        var completed = Decide(approved, HumanRequestAction.Complete, HumanRequestStatus.Completed, "telegram:111111", "Comprado en Namecheap con PayPal") with
        {
            ActualCost = 12.99m,
            CompletedAt = Created.AddHours(2),
            Notes = "Aprobado por telegram:111111\nCompletado: Comprado en Namecheap con PayPal",
        };
        var design = Pending with { Id = "req-0002", Type = HumanRequestType.DesignDecision, Title = "Logo", Description = string.Empty, EstimatedCost = null, Priority = 5 };
        var strategy = Pending with { Id = "req-0003", Type = HumanRequestType.StrategicDecision, Title = "¿Nuevo nicho?", Priority = 2 };

        var messages = new Dictionary<string, object?>
        {
            ["notification_new"] = Notification(formatter, HumanRequestNotificationKind.New, Pending),
            ["notification_due_again"] = Notification(formatter, HumanRequestNotificationKind.DueAgain, design),
            ["notification_auto_approved"] = Notification(formatter, HumanRequestNotificationKind.AutoApproved, autoApproved),
            ["notification_budget_alert"] = formatter.Notification(new HumanRequestNotification(HumanRequestNotificationKind.BudgetAlert, completed)
            {
                BudgetAlerts = [new HumanRequestBudgetAlert(HumanRequestType.Payment, 2026, 11, 80, 50m, 40.01m, Created)],
            }).Html,
            ["notification_auto_approved_budget_alerts"] = formatter.Notification(new HumanRequestNotification(HumanRequestNotificationKind.AutoApproved, autoApproved)
            {
                BudgetAlerts = [new HumanRequestBudgetAlert(null, 2026, 11, 80, 30m, 30m, Created), new HumanRequestBudgetAlert(null, 2026, 11, 100, 30m, 30m, Created)],
            }).Html,
            ["spend"] = formatter.Spend(new HumanRequestBudget
            {
                Total = HumanRequestCostTotals.Zero,
                ByType = new Dictionary<HumanRequestType, HumanRequestCostTotals>(),
                ByMonth = [],
                MonthlyLimit = 200m,
                TypeLimits = new Dictionary<HumanRequestType, decimal> { [HumanRequestType.Payment] = 50m },
                CurrentMonth =
                [
                    new HumanRequestBudgetLine(2026, 11, null, 200m, 52.49m),
                    new HumanRequestBudgetLine(2026, 11, HumanRequestType.Payment, 50m, 40.01m),
                    new HumanRequestBudgetLine(2026, 11, HumanRequestType.ApiAccount, null, 12.48m),
                ],
            }),
            ["spend_no_budgets"] = formatter.Spend(new HumanRequestBudget
            {
                Total = HumanRequestCostTotals.Zero,
                ByType = new Dictionary<HumanRequestType, HumanRequestCostTotals>(),
                ByMonth = [],
                CurrentMonth = [new HumanRequestBudgetLine(2026, 11, null, null, 0m)],
            }),
            ["decided_approved"] = formatter.Decided(approved, "Leo (@leo)"),
            ["decided_rejected"] = formatter.Decided(rejected, "Leo (@leo)"),
            ["decided_postponed"] = formatter.Decided(postponed, "Leo (@leo)"),
            ["decided_cancelled"] = formatter.Decided(Decide(Pending, HumanRequestAction.Cancel, HumanRequestStatus.Cancelled, "cli", "ya no hace falta"), "cli"),
            ["decided_completed"] = formatter.Decided(completed, "Leo (@leo)"),
            ["decided_budget_alert"] = formatter.Notification(new HumanRequestNotification(HumanRequestNotificationKind.Decided, approved)
            {
                BudgetAlerts = [new HumanRequestBudgetAlert(HumanRequestType.Payment, 2026, 11, 100, 50m, 52.49m, Created)],
            }).Html,
            ["confirm_cancelled"] = t.ConfirmCancelled("req-0001"),
            ["details_pending"] = formatter.Details(Pending),
            ["details_postponed"] = formatter.Details(postponed),
            ["details_completed"] = formatter.Details(completed),
            ["list_pending"] = formatter.List([Pending, design, strategy], HumanRequestStatus.Pending),
            ["list_all"] = formatter.List([completed, rejected, strategy], null),
            ["list_empty_pending"] = formatter.List([], HumanRequestStatus.Pending),
            ["list_empty_all"] = formatter.List([], null),
            ["help"] = t.Help,
            ["confirm_approved"] = t.ConfirmApproved("req-0001"),
            ["confirm_rejected"] = t.ConfirmRejected("req-0001") + "\n" + t.ConfirmNote("muy caro"),
            ["confirm_postponed"] = t.ConfirmPostponed("req-0001", TelegramMessageFormatter.Time(Created.AddHours(2))),
            ["confirm_completed_cost"] = t.ConfirmCompleted("req-0001", "$12.99"),
            ["confirm_completed"] = t.ConfirmCompleted("req-0001", null),
            ["callback_approved"] = t.CallbackApproved,
            ["callback_rejected"] = t.CallbackRejected,
            ["callback_postponed"] = t.CallbackPostponed,
            ["callback_expired"] = t.CallbackExpired,
            ["error_unknown_id"] = t.ErrorUnknownId("req-9999"),
            ["error_missing_id"] = new[] { t.UsageRequest, t.UsageApprove, t.UsageReject, t.UsagePostpone, t.UsageComplete }.Select(t.ErrorMissingId).ToArray(),
            ["error_already"] = t.ErrorAlready("req-0001", t.StatusName(HumanRequestStatus.Rejected)),
            ["error_cannot"] = t.ErrorCannot(t.ActionVerb(HumanRequestAction.Complete), "req-0001", t.StatusName(HumanRequestStatus.Pending)),
            ["error_bad_duration"] = t.ErrorBadDuration("2x"),
            ["error_bad_amount"] = t.ErrorBadAmount("$12.x9"),
            ["error_unknown_status"] = t.ErrorUnknownStatus("raras"),
            ["error_unknown_command"] = t.ErrorUnknownCommand("/foo"),
            ["error_not_a_command"] = t.ErrorNotACommand,
            ["error_handler_failed"] = t.ErrorHandlerFailed("Bad Request: message is too long"),
            ["unauthorized"] = t.Unauthorized,
            ["slaves"] = slaves.Slaves(
            [
                new SlaveInfo { Id = "pc-1", Host = "192.168.1.100", Port = 7600, Status = SlaveStatus.Healthy, Commit = "abc1234", LastSeen = Created },
                new SlaveInfo { Id = "vps", Host = "vps.example.org", Port = 7600, Status = SlaveStatus.Unhealthy, LastError = "connection refused" },
                new SlaveInfo { Id = "old", Host = "10.0.0.5", Port = 7601, Status = SlaveStatus.VersionMismatch, Commit = "0ld", LastSeen = Created, LastError = "commit 0ld, master abc1234" },
                new SlaveInfo { Id = "laptop", Host = "laptop", Port = 7600, Status = SlaveStatus.Draining, Commit = "abc1234", LastSeen = Created },
                new SlaveInfo { Id = "new", Host = "new", Port = 7600 },
            ]),
            ["slaves_empty"] = slaves.Slaves([]),
            ["slaves_unavailable"] = t.SlavesUnavailable,
            ["event_down"] = slaves.Event(new SlaveEvent(SlaveEventKind.Down, "pc-1", SlaveStatus.Healthy, SlaveStatus.Unhealthy, Created, "connection refused <127.0.0.1>")),
            ["event_recovered"] = slaves.Event(new SlaveEvent(SlaveEventKind.Recovered, "pc-1", SlaveStatus.Unhealthy, SlaveStatus.Healthy, Created, null)),
            ["event_version_mismatch"] = slaves.Event(new SlaveEvent(SlaveEventKind.VersionMismatch, "pc-1", SlaveStatus.Healthy, SlaveStatus.VersionMismatch, Created, "commit 0ld, master abc1234")),
        };

        // Every HTML text must be accepted by Telegram's HTML parser.
        foreach (var text in messages.Values.SelectMany(Texts))
        {
            TelegramHtml.ToVisibleText(text);
            Assert.True(text.Length <= TelegramMessageFormatter.MaxMessageLength);
        }

        Snapshot.Match(messages, SnapshotNameExtension.Create(language));
    }

    [Theory]
    [InlineData(10, "🔴 ALTA")]
    [InlineData(8, "🔴 ALTA")]
    [InlineData(7, "🟡 MEDIA")]
    [InlineData(5, "🟡 MEDIA")]
    [InlineData(4, "🟢 BAJA")]
    [InlineData(1, "🟢 BAJA")]
    public void PriorityLabel_Thresholds_MatchTheSpec(int priority, string expected) =>
        Assert.Equal(expected, new TelegramMessageFormatter(TelegramTexts.Spanish).PriorityLabel(priority));

    [Theory]
    [InlineData(HumanRequestType.Payment, "💳")]
    [InlineData(HumanRequestType.DesignDecision, "🎨")]
    [InlineData(HumanRequestType.ApiAccount, "🔑")]
    [InlineData(HumanRequestType.ContentApproval, "📝")]
    [InlineData(HumanRequestType.StrategicDecision, "🎯")]
    [InlineData(HumanRequestType.Other, "❓")]
    public void TypeIcon_EachType_MatchesTheSpec(HumanRequestType type, string icon) =>
        Assert.Equal(icon, TelegramMessageFormatter.TypeIcon(type));

    [Fact]
    public void Notification_HugeFields_StaysWithinTheLimitAndParses()
    {
        var formatter = new TelegramMessageFormatter(TelegramTexts.Spanish);
        var huge = Pending with
        {
            Title = new string('<', 200),
            Description = string.Concat(Enumerable.Repeat("&👍🏽", 4000)),
            CreatedBy = new string('>', 500),
        };

        var (html, keyboard) = formatter.Notification(new HumanRequestNotification(HumanRequestNotificationKind.New, huge));

        Assert.True(html.Length <= TelegramMessageFormatter.MaxMessageLength, $"{html.Length}");
        var visible = TelegramHtml.ToVisibleText(html);
        Assert.Contains(new string('<', 200), visible, StringComparison.Ordinal);
        Assert.Contains("… (recortado)", visible, StringComparison.Ordinal);
        Assert.Contains("/aprobar req-0001", visible, StringComparison.Ordinal);
        Assert.NotNull(keyboard);
    }

    [Fact]
    public void Keyboard_IdTooLongForCallbackData_HasNoButtons()
    {
        var formatter = new TelegramMessageFormatter(TelegramTexts.Spanish);

        Assert.Null(formatter.Keyboard(new string('x', 60)));
        Assert.NotNull(formatter.Keyboard(new string('x', 55)));
    }

    private static HumanRequest Decide(HumanRequest request, HumanRequestAction action, HumanRequestStatus to, string actor, string? note) => request with
    {
        Status = to,
        History = [.. request.History, new HumanRequestHistoryEntry(Created.AddHours(1), actor, action, request.Status, to, note)],
    };

    private static object Notification(TelegramMessageFormatter formatter, HumanRequestNotificationKind kind, HumanRequest request)
    {
        var (html, keyboard) = formatter.Notification(new HumanRequestNotification(kind, request));
        var buttons = keyboard?.InlineKeyboard.SelectMany(row => row).Select(b => $"{b.Text} → {b.CallbackData}").ToArray() ?? [];
        return new { html, buttons };
    }

    private static IEnumerable<string> Texts(object? value) => value switch
    {
        string text => [text],
        IEnumerable<string> texts => texts,
        _ => [(string)value!.GetType().GetProperty("html")!.GetValue(value)!],
    };
}
