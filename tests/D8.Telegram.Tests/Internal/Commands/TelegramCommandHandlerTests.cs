using D8.HumanRequests;
using D8.Telegram.Tests.Support;

namespace D8.Telegram.Tests.Internal.Commands;

/// <summary>The commands of SPEC §7, typed by a user, through the real client, the fake server and the real store.</summary>
public sealed class TelegramCommandHandlerTests
{
    private const long Owner = TelegramBotHarness.OwnerChat;

    [Theory]
    [InlineData("/aprobar req-0001", "aprobada")]
    [InlineData("/approve req-0001", "approved")]
    [InlineData("/aprobar@d8_test_bot req-0001", "aprobada")]
    public async Task Approve_PendingRequest_ApprovesAndConfirms(string command, string expected)
    {
        await using var bot = await StartWithRequestAsync(expected == "approved" ? "en" : "es");

        var reply = await bot.ReplyToAsync(Owner, command);

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Approved, request.Status);
        Assert.Equal($"telegram:{Owner}", request.History[^1].Actor);
        Assert.Contains("req-0001", reply, StringComparison.Ordinal);
        Assert.Contains(expected, reply, StringComparison.Ordinal);
        Assert.Contains("\"approved\"", await bot.ReadStoreAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/rechazar req-0001 muy caro", "es", "rechazada")]
    [InlineData("/reject req-0001 muy caro", "en", "rejected")]
    public async Task Reject_WithReason_RejectsWithTheReasonAndConfirms(string command, string language, string expected)
    {
        await using var bot = await StartWithRequestAsync(language);

        var reply = await bot.ReplyToAsync(Owner, command);

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Rejected, request.Status);
        Assert.Equal("muy caro", request.History[^1].Note);
        Assert.Contains(expected, reply, StringComparison.Ordinal);
        Assert.Contains("muy caro", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/posponer req-0001 2h", "es", 2)]
    [InlineData("/postpone req-0001 2h", "en", 2)]
    [InlineData("/posponer req-0001", "es", 24)]
    [InlineData("/posponer req-0001 mañana lo miro", "es", 24)]
    [InlineData("/posponer req-0001 1w", "es", 7 * 24)]
    [InlineData("/posponer req-0001 1.02:00:00 lo miro", "es", 26)]
    public async Task Postpone_WithOrWithoutDuration_PostponesAndConfirms(string command, string language, int hours)
    {
        await using var bot = await StartWithRequestAsync(language);
        var before = DateTimeOffset.UtcNow;

        var reply = await bot.ReplyToAsync(Owner, command);

        var after = DateTimeOffset.UtcNow;
        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Postponed, request.Status);
        Assert.InRange(request.PostponedUntil!.Value, before.AddHours(hours).AddSeconds(-1), after.AddHours(hours).AddSeconds(1));
        Assert.Contains(language == "es" ? "pospuesta hasta" : "postponed until", reply, StringComparison.Ordinal);
        if (command.EndsWith("mañana lo miro", StringComparison.Ordinal))
        {
            Assert.Equal("mañana lo miro", request.History[^1].Note);
        }
        else if (command.EndsWith("lo miro", StringComparison.Ordinal))
        {
            Assert.Equal("lo miro", request.History[^1].Note);
        }
    }

    [Theory]
    [InlineData("/completar req-0001 $12.99 Comprado en Namecheap con PayPal", "es", "completada")]
    [InlineData("/complete req-0001 $12.99 Comprado en Namecheap con PayPal", "en", "completed")]
    [InlineData("/completar req-0001 12,99 Comprado en Namecheap con PayPal", "es", "completada")]
    public async Task Complete_WithAmountAndNote_CompletesAndConfirms(string command, string language, string expected)
    {
        await using var bot = await StartWithRequestAsync(language);
        await bot.Manager.ApproveAsync("req-0001", "test");

        var reply = await bot.ReplyToAsync(Owner, command);

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Completed, request.Status);
        Assert.Equal(12.99m, request.ActualCost);
        Assert.Equal("Comprado en Namecheap con PayPal", request.History[^1].Note);
        Assert.Contains(expected, reply, StringComparison.Ordinal);
        Assert.Contains("$12.99", reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_NoteWithoutAmount_CompletesWithoutCost()
    {
        await using var bot = await StartWithRequestAsync();
        await bot.Manager.ApproveAsync("req-0001", "test");

        await bot.ReplyToAsync(Owner, "/completar req-0001 Comprado en Namecheap con PayPal");

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Completed, request.Status);
        Assert.Null(request.ActualCost);
        Assert.Equal("Comprado en Namecheap con PayPal", request.History[^1].Note);
    }

    [Theory]
    [InlineData("/aprobar req-9999", "No existe la solicitud req-9999")]
    [InlineData("/aprobar", "Falta el id")]
    [InlineData("/rechazar", "Falta el id")]
    [InlineData("/posponer", "Falta el id")]
    [InlineData("/completar", "Falta el id")]
    [InlineData("/solicitud", "Falta el id")]
    [InlineData("/solicitud req-0042", "No existe la solicitud req-0042")]
    [InlineData("/posponer req-0001 2x", "No entiendo la duración «2x»")]
    [InlineData("/posponer req-0001 0h", "No entiendo la duración «0h»")]
    [InlineData("/posponer req-0001 999d", "No entiendo la duración «999d»")]
    [InlineData("/completar req-0001 $12.x9 nota", "No entiendo el importe «$12.x9»")]
    [InlineData("/completar req-0001 $-5", "No entiendo el importe «$-5»")]
    [InlineData("/completar req-0001 1,234.50", "No entiendo el importe «1,234.50»")]
    [InlineData("/posponer req-0001 1.5h", "No entiendo la duración «1.5h»")]
    [InlineData("/completar req-0001 $12.99", "No se puede completar req-0001: está pendiente")]
    [InlineData("/solicitudes raras", "Estado desconocido «raras»")]
    [InlineData("/foo", "Comando desconocido: /foo")]
    [InlineData("hola", "/ayuda")]
    public async Task BadInput_RepliesHelpfully_StoreUnchanged(string command, string expected)
    {
        await using var bot = await StartWithRequestAsync();
        var stored = await bot.ReadStoreAsync();

        var reply = await bot.ReplyToAsync(Owner, command);

        Assert.Contains(expected, reply, StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    [Fact]
    public async Task Approve_RejectedRequest_SaysItIsAlreadyRejected_StoreUnchanged()
    {
        await using var bot = await StartWithRequestAsync();
        await bot.Manager.RejectAsync("req-0001", "test", "no");
        await bot.WaitForNotificationsAsync(); // the rejection's Decided notification (the message edit) is out
        var stored = await bot.ReadStoreAsync();

        var reply = await bot.ReplyToAsync(Owner, "/aprobar req-0001");

        Assert.Contains("req-0001 ya está rechazada", reply, StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
    }

    [Fact]
    public async Task AnyCommand_FromUnauthorisedChat_IsRefusedAndLogged_StoreUnchanged()
    {
        await using var bot = await StartWithRequestAsync();
        var stored = await bot.ReadStoreAsync();

        var reply = await bot.ReplyToAsync(TelegramBotHarness.StrangerChat, "/aprobar req-0001");

        Assert.Contains("No estás autorizado", reply, StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
        await bot.Logs.WaitForAsync(r => r.Message.Contains("unauthorised chat 999999", StringComparison.Ordinal), "the refusal in the log");
    }

    [Fact]
    public async Task Command_AddressedToAnotherBot_IsIgnored()
    {
        await using var bot = await StartWithRequestAsync();

        var replies = await bot.SayAsync(Owner, "/aprobar@other_bot req-0001");

        Assert.Empty(replies);
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    [Fact]
    public async Task Solicitudes_ListsPendingOnly()
    {
        await using var bot = await StartWithRequestAsync();
        await bot.Manager.CreateAsync(Requests.Domain(title: "Segundo <dominio>", priority: 3));
        await bot.Manager.CreateAsync(Requests.Domain(title: "Tercero"));

        // Notified first: a request approved while its "new request" message is on its way would still get it, in
        // the middle of the command's replies.
        await bot.WaitForNotificationsAsync();
        await bot.Manager.ApproveAsync("req-0003", "test");

        var reply = await bot.ReplyToAsync(Owner, "/solicitudes");
        var approved = await bot.ReplyToAsync(Owner, "/requests approved");

        Assert.Contains("Solicitudes pendientes (2)", reply, StringComparison.Ordinal);
        Assert.Contains("req-0001", reply, StringComparison.Ordinal);
        Assert.Contains("Segundo <dominio>", reply, StringComparison.Ordinal);
        Assert.DoesNotContain("req-0003", reply, StringComparison.Ordinal);
        Assert.Contains("req-0003", approved, StringComparison.Ordinal);
        Assert.DoesNotContain("req-0001", approved, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Solicitudes_LongList_IsSplitIntoMessagesUnderTheLimit()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var title = string.Concat(Enumerable.Repeat("Título & <largo> ", 12))[..190];
        for (var i = 0; i < 60; i++)
        {
            await bot.Manager.CreateAsync(Requests.Domain(title: title));
        }

        await bot.Fake.WaitUntilAsync(f => f.Messages.Count == 120, "the 60 notifications in both chats");
        await bot.WaitForNotificationsAsync();
        var replies = await bot.SayAsync(Owner, "/solicitudes");

        Assert.True(replies.Count >= 2, $"{replies.Count} message(s)");
        Assert.All(replies, m => Assert.True(m.Text.Length < 4096, $"{m.Text.Length} characters"));
        var all = string.Join("\n", replies.Select(m => m.VisibleText));
        for (var i = 1; i <= 60; i++)
        {
            Assert.Contains($"req-{i:0000}", all, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Solicitud_Details_ShowsStatusAndHistory()
    {
        await using var bot = await StartWithRequestAsync();
        await bot.ReplyToAsync(Owner, "/posponer req-0001 30m lo pienso");

        var reply = await bot.ReplyToAsync(Owner, "/solicitud req-0001");

        Assert.Contains("Estado: pospuesta", reply, StringComparison.Ordinal);
        Assert.Contains("Pospuesta hasta", reply, StringComparison.Ordinal);
        Assert.Contains($"telegram:{Owner} · postpone · lo pienso", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/ayuda")]
    [InlineData("/help")]
    [InlineData("/start")]
    public async Task Help_ListsTheCommands(string command)
    {
        await using var bot = await TelegramBotHarness.StartAsync();

        var reply = await bot.ReplyToAsync(Owner, command);

        Assert.Contains("/solicitudes", reply, StringComparison.Ordinal);
        Assert.Contains("/completar <id> [$12.99] [nota]", reply, StringComparison.Ordinal);
        Assert.Contains("/cancelar <id> [motivo]", reply, StringComparison.Ordinal);
        Assert.Contains("/cancel,", reply, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/cancelar req-0001 ya no hace falta", "es", "Solicitud req-0001 cancelada.", "📝 Nota: ya no hace falta")]
    [InlineData("/cancel@d8_test_bot req-0001 not needed", "en", "Request req-0001 cancelled.", "📝 Note: not needed")]
    public async Task Cancel_WithReason_CancelsWithTheNoteConfirmsAndEditsTheNotification(string command, string language, string confirmation, string note)
    {
        await using var bot = await StartWithRequestAsync(language);

        var reply = await bot.ReplyToAsync(Owner, command);

        var request = await bot.Manager.GetAsync("req-0001");
        Assert.Equal(HumanRequestStatus.Cancelled, request.Status);
        Assert.Equal((HumanRequestAction.Cancel, $"telegram:{Owner}"), (request.History[^1].Action, request.History[^1].Actor));
        Assert.Equal(note[(note.IndexOf(':', StringComparison.Ordinal) + 2)..], request.History[^1].Note);
        Assert.Contains(confirmation, reply, StringComparison.Ordinal);
        Assert.Contains(note, reply, StringComparison.Ordinal);
        await bot.Fake.WaitUntilAsync(
            f => f.Messages.Take(2).All(m => m.Buttons.Count == 0 && m.VisibleText.Contains("Leo (@leo)", StringComparison.Ordinal)),
            "both notifications edited to show the cancellation by Leo");
    }

    [Theory]
    [InlineData("/cancelar req-0404", "No existe la solicitud req-0404")]
    [InlineData("/cancelar", "Falta el id de la solicitud. Uso: /cancelar <id> [motivo]")]
    public async Task Cancel_UnknownOrMissingId_ExplainsAndChangesNothing(string command, string expected)
    {
        await using var bot = await StartWithRequestAsync();
        var stored = await bot.ReadStoreAsync();

        var reply = await bot.ReplyToAsync(Owner, command);

        Assert.Contains(expected, reply, StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
    }

    [Theory]
    [InlineData("reject", "req-0001 ya está rechazada")]
    [InlineData("cancel", "req-0001 ya está cancelada")]
    [InlineData("complete", "req-0001 ya está completada")]
    public async Task Cancel_FinalRequest_SaysItIsAlreadyFinalAndChangesNothing(string first, string expected)
    {
        await using var bot = await StartWithRequestAsync();
        if (first == "complete")
        {
            await bot.Manager.ApproveAsync("req-0001", "test");
            await bot.Manager.CompleteAsync("req-0001", null, "test");
        }
        else
        {
            _ = first == "reject" ? await bot.Manager.RejectAsync("req-0001", "test") : await bot.Manager.CancelAsync("req-0001", "test");
        }

        await bot.WaitForNotificationsAsync();
        var stored = await bot.ReadStoreAsync();

        var reply = await bot.ReplyToAsync(Owner, "/cancelar req-0001");

        Assert.Contains(expected, reply, StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
    }

    [Fact]
    public async Task Cancel_FromUnauthorisedChat_IsRefused_StoreUnchanged()
    {
        await using var bot = await StartWithRequestAsync();
        var stored = await bot.ReadStoreAsync();

        var reply = await bot.ReplyToAsync(TelegramBotHarness.StrangerChat, "/cancelar req-0001 ya no hace falta");

        Assert.Contains("No estás autorizado", reply, StringComparison.Ordinal);
        Assert.Equal(stored, await bot.ReadStoreAsync());
        Assert.Equal(HumanRequestStatus.Pending, (await bot.Manager.GetAsync("req-0001")).Status);
    }

    private static async Task<TelegramBotHarness> StartWithRequestAsync(string language = "es")
    {
        var bot = await TelegramBotHarness.StartAsync(language);
        await bot.Manager.CreateAsync(Requests.Domain());
        await bot.Fake.WaitUntilAsync(f => f.Messages.Count == 2, "the notification of req-0001 in both chats");
        await bot.WaitForNotificationsAsync();
        return bot;
    }
}
