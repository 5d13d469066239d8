using System.Net;
using D8.Dashboard.Internal;
using D8.Dashboard.Tests.Support;
using D8.Distributed.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests.Api;

/// <summary>
/// Who may call the master API: the bearer token when one is set (401 otherwise), loopback clients only when none is
/// (403 otherwise); /healthz needs nothing; the dashboard's cookie and anti-forgery never get in the way.
/// </summary>
public sealed class MasterApiAccessTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-token")]
    [InlineData("Basic b3BlcmF0b3I6dG9rZW4=")]
    [InlineData("Bearer ")]
    public async Task Api_WrongOrMissingToken_Is401Unauthorized(string? authorization)
    {
        await using var host = await MasterApiHost.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        var (status, body, response) = await ApiCalls.GetAsync(client, "/api/v1/slaves");

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Equal("Unauthorized", ApiCalls.Error(body));
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Contains(host.Logs.GetSnapshot(), log => log.Id.Id == 4011);
    }

    [Theory]
    [InlineData("access_token")]
    [InlineData("token")]
    [InlineData("Api_Token")]
    public async Task Api_TokenInQueryString_Is400EvenWithTheRightToken(string parameter)
    {
        await using var host = await MasterApiHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var (status, body, _) = await ApiCalls.GetAsync(host.Raw, $"/api/v1/slaves?{parameter}={MasterApiHost.ApiToken}");
        var (anonymousStatus, _, _) = await ApiCalls.GetAsync(anonymous, $"/api/v1/slaves?{parameter}={MasterApiHost.ApiToken}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(MasterApiAccess.TokenInQueryMessage, ApiCalls.Error(body));
        Assert.Equal(HttpStatusCode.BadRequest, anonymousStatus);
        var refusals = host.Logs.GetSnapshot().Where(log => log.Id.Id == 4017).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.DoesNotContain(refusals, log => log.Message.Contains(MasterApiHost.ApiToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Api_RightToken_Answers()
    {
        await using var host = await MasterApiHost.StartAsync();

        Assert.Empty(await host.Client.ListSlavesAsync());
    }

    [Fact]
    public async Task Api_UnknownEndpoint_Is404WithAnErrorBody_AfterTheTokenCheck()
    {
        await using var host = await MasterApiHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var (status, body, _) = await ApiCalls.GetAsync(host.Raw, "/api/v1/nothing-here");
        var (anonymousStatus, _, _) = await ApiCalls.GetAsync(anonymous, "/api/v1/nothing-here");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("No master API endpoint GET /api/v1/nothing-here", ApiCalls.Error(body), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus);
    }

    [Fact]
    public async Task Healthz_NoToken_IsOkWithRoleVersionAndCommit()
    {
        await using var host = await MasterApiHost.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var (status, body, _) = await ApiCalls.GetAsync(anonymous, "/healthz");
        var typed = await new Distributed.Contracts.D8MasterClient(anonymous).GetHealthAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"status":"ok","role":"leader","version":"1.2.3","commit":"abc1234def","store":"ok","store_error":null}""", body!.ToJsonString());
        Assert.Equal(("ok", "leader", MasterApiHost.Commit, "ok"), (typed.Status, typed.Role, typed.Commit, typed.Store));
    }

    [Fact]
    public async Task Post_WithDashboardCookieAndNoAntiforgeryToken_IsNotRefused()
    {
        await using var host = await MasterApiHost.StartAsync();
        host.Raw.DefaultRequestHeaders.Add("Cookie", "d8.dashboard=not-a-session; .AspNetCore.Antiforgery.x=junk");

        var (status, body, _) = await ApiCalls.PostAsync(host.Raw, "/api/v1/slaves", """{"id":"pc-1","host":"127.0.0.1","port":7600}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("pc-1", body!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_NoTokenConfigured_AnswersLoopbackClients()
    {
        await using var host = await MasterApiHost.StartAsync(apiToken: null);

        Assert.Empty(await host.Client.ListSlavesAsync());
    }

    [Theory]
    [InlineData(null, "192.168.1.20", null, StatusCodes.Status403Forbidden)]
    [InlineData(null, "10.0.0.7", "Bearer anything", StatusCodes.Status403Forbidden)]
    [InlineData(null, "127.0.0.1", null, null)]
    [InlineData(null, "::1", null, null)]
    [InlineData("operator-token", "192.168.1.20", "Bearer operator-token", null)]
    [InlineData("operator-token", "192.168.1.20", "bearer operator-token", null)]
    [InlineData("operator-token", "127.0.0.1", null, StatusCodes.Status401Unauthorized)]
    [InlineData("operator-token", "127.0.0.1", "Bearer operator-tokenX", StatusCodes.Status401Unauthorized)]
    public async Task Access_TokenAndRemoteAddress_DecideWhoIsAnswered(string? token, string remote, string? authorization, int? refusedWith)
    {
        await using var provider = new ServiceCollection().AddLogging().Configure<D8MasterOptions>(o => o.ApiToken = token).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Request.Method = HttpMethods.Get;
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        var result = await new MasterApiAccess().InvokeAsync(EndpointFilterInvocationContext.Create(http), _ => ValueTask.FromResult<object?>("passed"));

        if (refusedWith is null)
        {
            Assert.Equal("passed", result);
        }
        else
        {
            var refusal = Assert.IsAssignableFrom<IStatusCodeHttpResult>(result);
            Assert.Equal(refusedWith, refusal.StatusCode);
            var error = Assert.IsAssignableFrom<IValueHttpResult>(result).Value as Distributed.Contracts.ErrorResponse;
            Assert.Contains(refusedWith == 403 ? "Set D8:Master:ApiToken" : "Unauthorized", error!.Error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(null, null, null, "127.0.0.1")]
    [InlineData(null, "api-token", null, "0.0.0.0")]
    [InlineData("dashboard-password", null, null, "0.0.0.0")]
    [InlineData(null, "api-token", "192.168.1.10", "192.168.1.10")]
    [InlineData(null, null, "192.168.1.10", "127.0.0.1")]
    public void ListenAddress_PasswordOrApiToken_OpensTheNetwork(string? password, string? apiToken, string? bindAddress, string expected)
    {
        var address = DashboardKestrelSetup.ListenAddress(new D8DashboardOptions { Password = password, BindAddress = bindAddress }, new D8MasterOptions { ApiToken = apiToken });

        Assert.Equal(IPAddress.Parse(expected), address);
    }
}
