using D8.HumanRequests;
using D8.Telegram.Tests.Support;
using D8.Testing;

namespace D8.Telegram.Tests.Internal.Commands;

/// <summary><c>/gastos</c> (<c>/spend</c>) and the budget alerts, through the real client and the fake Bot API.</summary>
public sealed class SpendCommandTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;

    private static void Budgets(D8HumanRequestsOptions o)
    {
        o.Budgets.Monthly = 200m;
        o.Budgets.ByType[HumanRequestType.Payment] = 50m;
        o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "small-payments", Type = HumanRequestType.Payment, MaxCost = 20m });
    }

    private static NewHumanRequest Payment(decimal cost) => new() { Type = HumanRequestType.Payment, Title = "Dominio", EstimatedCost = cost, CreatedBy = "NicheDiscovery" };

    [Theory]
    [InlineData("/gastos", "es", "Gastos de", "• Pago: $39.98 de $50.00 (79.9 %) — quedan $10.02")]
    [InlineData("/spend", "en", "Spend in", "• Payment: $39.98 of $50.00 (79.9 %) — $10.02 left")]
    public async Task Spend_WithBudgets_ShowsEveryBudgetOfTheMonth(string command, string language, string header, string paymentLine)
    {
        await using var bot = await TelegramBotHarness.StartAsync(language, configureRequests: Budgets);
        await bot.Manager.CreateAsync(Payment(19.99m));
        await bot.Manager.CreateAsync(Payment(19.99m));
        await bot.WaitForNotificationsAsync();

        var reply = await bot.ReplyToAsync(Owner, command);

        Assert.Contains(header, reply, StringComparison.Ordinal);
        Assert.Contains(paymentLine, reply, StringComparison.Ordinal);
        Assert.Contains(language == "es" ? "• Total: $39.98 de $200.00 (19.9 %) — quedan $160.02" : "• Overall: $39.98 of $200.00 (19.9 %) — $160.02 left", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spend_NoBudgets_SaysNoneIsConfigured()
    {
        await using var bot = await TelegramBotHarness.StartAsync();

        var reply = await bot.ReplyToAsync(Owner, "/gastos");

        Assert.Contains("• Total: $0.00", reply, StringComparison.Ordinal);
        Assert.Contains("No hay presupuestos configurados (D8:HumanRequests:Budgets).", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BudgetAlert_ReachedByAnApproval_IsSentToEveryChatOnce()
    {
        await using var bot = await TelegramBotHarness.StartAsync(configureRequests: Budgets);
        var big = await bot.Manager.CreateAsync(Payment(45m));
        await bot.WaitForNotificationsAsync();
        var before = bot.Fake.Messages.Count;

        await bot.Manager.ApproveAsync(big.Id, "cli");
        await bot.WaitForNotificationsAsync();
        await bot.Manager.CreateAsync(Payment(1m) with { Title = "Otro" });   // 92 %: no new alert
        await bot.WaitForNotificationsAsync();

        var alerts = bot.Fake.Messages.Skip(before).Where(m => m.VisibleText.Contains("Presupuesto al 80 %", StringComparison.Ordinal)).ToList();
        Assert.Equal([TelegramBotHarness.OwnerChat, TelegramBotHarness.SecondChat], alerts.Select(m => m.ChatId).Order());
        Assert.All(alerts, m => Assert.Contains("Pago en ", m.VisibleText, StringComparison.Ordinal));
        Assert.All(alerts, m => Assert.Contains("($45.00 de $50.00)", m.VisibleText, StringComparison.Ordinal));
        Assert.All(alerts, m => Assert.Contains($"Con {big.Id}: Dominio", m.VisibleText, StringComparison.Ordinal));
    }
}
