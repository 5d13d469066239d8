using System.Net;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Contracts;
using D8.HumanRequests;

namespace D8.Dashboard.Tests.Api;

/// <summary><c>/api/v1/requests</c> through the typed client and raw HTTP, against the real requests.json store.</summary>
public sealed class RequestsApiTests
{
    [Fact]
    public async Task CreateListGetApproveComplete_GoThroughTheManager()
    {
        await using var host = await MasterApiHost.StartAsync();

        var created = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "payment", Title = "Buy example.com", Description = "For the niche site", EstimatedCost = 12.99m, Priority = 8, CreatedBy = "NicheDiscovery" });
        var pending = await host.Client.ListRequestsAsync("pending");
        var fetched = await host.Client.GetRequestAsync(created.RequestId);
        var approved = await host.Client.ApproveRequestAsync(created.RequestId, new HumanRequestDecisionRequest { Note = "go" });
        var completed = await host.Client.CompleteRequestAsync(created.RequestId, new HumanRequestDecisionRequest { ActualCost = 11.5m, Note = "Namecheap" });

        Assert.Equal(("req-0001", "pending", "payment", 12.99m, 8, "NicheDiscovery"), (created.RequestId, created.Status, created.RequestType, created.EstimatedCost, created.Priority, created.CreatedBy));
        Assert.Equal(created.RequestId, Assert.Single(pending).RequestId);
        Assert.Equal("For the niche site", fetched.Description);
        Assert.Equal("approved", approved.Status);
        Assert.NotNull(approved.ApprovedAt);
        Assert.Equal(("completed", 11.5m), (completed.Status, completed.ActualCost));
        Assert.Equal(["create", "approve", "complete"], completed.History.Select(entry => entry.Action));
        Assert.Equal(("api", "approved", "go"), (completed.History[1].Actor, completed.History[1].To, completed.History[1].Note));
        Assert.Equal(HumanRequestStatus.Completed, (await host.Requests.GetAsync(created.RequestId)).Status);
        Assert.Empty(await host.Client.ListRequestsAsync("pending"));
    }

    [Fact]
    public async Task GetBudget_TypedClient_ReturnsTheMonthAgainstTheBudgets()
    {
        await using var host = await MasterApiHost.StartAsync(requests: o =>
        {
            o.Budgets.Monthly = 200m;
            o.Budgets.ByType[HumanRequestType.Payment] = 50m;
            o.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = "small-payments", Type = HumanRequestType.Payment, MaxCost = 20m });
        });
        var created = new List<HumanRequestResponse>();
        for (var i = 0; i < 3; i++)
        {
            created.Add(await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "payment", Title = $"Domain {i}", EstimatedCost = 19.99m }));
        }

        await host.Client.CompleteRequestAsync(created[0].RequestId, new HumanRequestDecisionRequest { ActualCost = 18m });
        var budget = await host.Client.GetBudgetAsync();
        var (status, json, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/budget");

        Assert.Equal(["approved", "approved", "pending"], created.Select(r => r.Status));
        var month = (await host.Requests.GetBudgetAsync()).CurrentMonth[0];
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{month.Year:D4}-{month.Month:D2}"), budget.Month);
        Assert.Equal((200m, 50m), (budget.MonthlyLimit, budget.TypeLimits["payment"]));
        Assert.Equal(((string?)null, (decimal?)200m, 37.99m, (decimal?)162.01m), (budget.Current[0].RequestType, budget.Current[0].Limit, budget.Current[0].Spent, budget.Current[0].Remaining));
        var payments = Assert.Single(budget.Current, l => l.RequestType == "payment");
        Assert.Equal((37.99m, (decimal?)12.01m, (decimal?)75.9m), (payments.Spent, payments.Remaining, payments.Percent));
        Assert.Equal(37.99m, Assert.Single(budget.Months).ByType["payment"]);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(200m, json!["monthly_limit"]!.GetValue<decimal>());
        Assert.Equal(50m, json["type_limits"]!["payment"]!.GetValue<decimal>());
        Assert.Null(json["current"]![0]!["request_type"]);
    }

    [Fact]
    public async Task CreateWithOptions_ApproveWithOption_RecordsTheChoice()
    {
        await using var host = await MasterApiHost.StartAsync();
        var created = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "design_decision", Title = "Logo", Options = ["A", "B", "C"] });
        var waiter = host.Requests.WaitForDecisionAsync(created.RequestId, TimeSpan.FromMinutes(1));

        var approved = await host.Client.ApproveRequestAsync(created.RequestId, new HumanRequestDecisionRequest { Option = "c" });
        var wrong = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "design_decision", Title = "Color", Options = ["rojo", "azul"] });
        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.ApproveRequestAsync(wrong.RequestId, new HumanRequestDecisionRequest { Option = "verde" }));

        Assert.Equal(["A", "B", "C"], created.Options);
        Assert.Equal(("approved", "C"), (approved.Status, approved.ChosenOption));
        Assert.Equal("C", (await waiter).ChosenOption);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("'verde' is not an option of req-0002: choose one of rojo, azul.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AlreadyRejected_Is409NamingTheRequestAndItsStatus()
    {
        await using var host = await MasterApiHost.StartAsync();
        var created = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "other", Title = "Choose" });
        await host.Client.RejectRequestAsync(created.RequestId, new HumanRequestDecisionRequest { Note = "no" });

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.ApproveRequestAsync(created.RequestId));

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("Cannot approve human request 'req-0001': it is rejected.", error.Message);
    }

    [Fact]
    public async Task PostponeAndCancel_ReadTheDurationWithTheSharedGrammar()
    {
        await using var host = await MasterApiHost.StartAsync();
        var created = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "design_decision", Title = "Logo" });

        var postponed = await host.Client.PostponeRequestAsync(created.RequestId, new HumanRequestDecisionRequest { For = "2h" });
        var cancelled = await host.Client.CancelRequestAsync(created.RequestId, new HumanRequestDecisionRequest { Note = "not needed" });

        Assert.Equal("postponed", postponed.Status);
        Assert.InRange(postponed.PostponedUntil!.Value - postponed.History[^1].At, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
        Assert.Equal("cancelled", cancelled.Status);
    }

    [Fact]
    public async Task Create_WithExpiresAt_IsAcceptedStoredAndReturned()
    {
        await using var host = await MasterApiHost.StartAsync();
        var expiresAt = new DateTimeOffset(DateTimeOffset.UtcNow.AddDays(1).UtcDateTime.Date, TimeSpan.Zero).AddHours(2);

        var created = await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "payment", Title = "Buy example.com", ExpiresAt = expiresAt });
        var (status, json, _) = await ApiCalls.GetAsync(host.Raw, $"/api/v1/requests/{created.RequestId}");

        Assert.Equal(expiresAt, created.ExpiresAt);
        Assert.Equal(expiresAt, (await host.Requests.GetAsync(created.RequestId)).ExpiresAt);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expiresAt, json!["expires_at"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("/api/v1/requests", """{"title":"x"}""", "'request_type' is required")]
    [InlineData("/api/v1/requests", """{"request_type":"car","title":"x"}""", "'request_type' must be one of payment, design_decision")]
    [InlineData("/api/v1/requests", """{"request_type":"payment"}""", "'title' is required")]
    [InlineData("/api/v1/requests", """{"request_type":"payment","title":"x","priority":11}""", "'priority': Priority must be between 1 and 10")]
    [InlineData("/api/v1/requests", """{"request_type":"payment","title":"x","estimated_cost":-1}""", "'estimated_cost' must be an amount")]
    [InlineData("/api/v1/requests", """{"request_type":"payment","title":"x","estimated_cost":"12"}""", "'estimated_cost' must be a number")]
    [InlineData("/api/v1/requests", """{"request_type":"design_decision","title":"x","options":["A","a"]}""", "'options': Option 'a' appears twice")]
    [InlineData("/api/v1/requests", """{"request_type":"payment","title":"x","expires_at":"2020-01-01T00:00:00Z"}""", "'expires_at': ExpiresAt must be in the future (got 2020-01-01T00:00:00.0000000+00:00")]
    [InlineData("/api/v1/requests", """{"request_type":"payment","title":"x","expires_at":"tomorrow"}""", "'expires_at'")]
    [InlineData("/api/v1/requests/req-0001/postpone", """{"for":"1.5h"}""", "'for': '1.5h' is not a duration")]
    [InlineData("/api/v1/requests/req-0001/approve", """{"for":"1d"}""", "'for' applies to postpone only")]
    [InlineData("/api/v1/requests/req-0001/approve", """{"option":"A"}""", "'option': req-0001 has no options to choose from: approve it instead.")]
    [InlineData("/api/v1/requests/req-0001/reject", """{"option":"A"}""", "'option' applies to approve only")]
    [InlineData("/api/v1/requests/req-0001/approve", """{"note":3}""", "'note' must be a string")]
    public async Task Post_BadInput_Is400NamingTheField(string path, string json, string expected)
    {
        await using var host = await MasterApiHost.StartAsync();
        await host.Client.CreateRequestAsync(new HumanRequestCreateRequest { RequestType = "payment", Title = "existing" });

        var (status, body, _) = await ApiCalls.PostAsync(host.Raw, path, json);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(expected, ApiCalls.Error(body), StringComparison.Ordinal);
        Assert.Equal(HumanRequestStatus.Pending, (await host.Requests.GetAsync("req-0001")).Status);
    }

    [Fact]
    public async Task List_UnknownStatus_Is400ListingTheStatuses()
    {
        await using var host = await MasterApiHost.StartAsync();

        var error = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.ListRequestsAsync("maybe"));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("'status': unknown request status 'maybe' (use pending, approved, rejected, postponed, completed, cancelled).", error.Message);
    }

    [Fact]
    public async Task GetAndDecide_UnknownIdOrAction_Are404()
    {
        await using var host = await MasterApiHost.StartAsync();

        var unknown = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.GetRequestAsync("req-0042"));
        var decide = await Assert.ThrowsAsync<D8MasterApiException>(() => host.Client.ApproveRequestAsync("req-0042"));
        var (status, body, _) = await ApiCalls.PostAsync(host.Raw, "/api/v1/requests/req-0042/resume");

        Assert.Equal((HttpStatusCode.NotFound, "Human request 'req-0042' was not found."), (unknown.StatusCode, unknown.Message));
        Assert.Equal(HttpStatusCode.NotFound, decide.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("use approve, reject, postpone, complete or cancel", ApiCalls.Error(body), StringComparison.Ordinal);
    }
}
