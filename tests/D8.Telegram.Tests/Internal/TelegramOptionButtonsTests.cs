using D8.HumanRequests;
using D8.Telegram.Tests.Support;
using D8.Testing;

namespace D8.Telegram.Tests.Internal;

/// <summary>A request with options: a button per option (plus reject and postpone), the choice recorded.</summary>
public sealed class TelegramOptionButtonsTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;

    private static NewHumanRequest Design() => new()
    {
        Type = HumanRequestType.DesignDecision,
        Title = "Diseño de la landing",
        Options = ["A", "B", "C"],
        CreatedBy = "Congress",
    };

    [Fact]
    public async Task PressB_OnADesignDecisionWithOptionsABC_ApprovesWithBRecordedAndTheWaiterGetsB()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var created = await bot.Manager.CreateAsync(Design());
        var waiter = bot.Manager.WaitForDecisionAsync(created.Id, TimeSpan.FromMinutes(1));
        var message = await bot.Fake.WaitForMessageAsync(Owner, m => m.Buttons.Count == 5);

        Assert.Equal(
            [("✅ A", "choose:req-0001:0"), ("✅ B", "choose:req-0001:1"), ("✅ C", "choose:req-0001:2"), ("❌ Rechazar", "reject:req-0001"), ("⏰ Posponer", "postpone:req-0001")],
            message.Buttons.Select(b => (b.Text, b.CallbackData)));
        Assert.Contains("Opciones: A · B · C", message.VisibleText, StringComparison.Ordinal);

        var queryId = await bot.PressAsync(Owner, message.MessageId, "choose:req-0001:1");

        var decided = await waiter;
        Assert.Equal((HumanRequestStatus.Approved, "B"), (decided.Status, decided.ChosenOption));
        Assert.Equal($"telegram:{Owner}", decided.History[^1].Actor);
        var answer = bot.Fake.Calls.Single(c => c.Method == "answerCallbackQuery" && c.Get("callback_query_id") == queryId);
        Assert.Equal("✅ Aprobada con la opción B", answer.Get("text"));
        var edited = bot.Fake.Messages.Single(m => m.ChatId == Owner && m.MessageId == message.MessageId);
        Assert.Empty(edited.Buttons);
        Assert.Contains("Opción elegida: B", edited.VisibleText, StringComparison.Ordinal);
        var stored = await bot.ReadStoreAsync();
        Assert.Contains("\"chosen_option\": \"B\"", stored, StringComparison.Ordinal);
        Assert.Contains("Opción elegida: B", (await bot.Manager.GetAsync(created.Id)).Notes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Press_AnOptionIndexTheRequestDoesNotHave_ChangesNothing()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var created = await bot.Manager.CreateAsync(Design());
        var message = await bot.Fake.WaitForMessageAsync(Owner, m => m.Buttons.Count == 5);

        await bot.PressAsync(Owner, message.MessageId, "choose:req-0001:7");

        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync(created.Id)).Status);
    }
}
