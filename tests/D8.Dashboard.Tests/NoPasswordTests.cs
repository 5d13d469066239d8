using System.Net;
using D8.Dashboard.Internal;
using D8.Dashboard.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Dashboard.Tests;

/// <summary>Without a password the dashboard listens on 127.0.0.1 only, answers only loopback clients, and says so.</summary>
public sealed class NoPasswordTests
{
    [Fact]
    public async Task Start_NoPassword_ListensOnLoopbackOnly_OpensWithoutSignIn_AndWarns()
    {
        // BindAddress asks for every interface; without a password it is ignored.
        await using var host = await DashboardHost.StartAsync(o => (o.Password, o.BindAddress) = (null, "0.0.0.0"));
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var overview = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.StartsWith("http://127.0.0.1:", host.BaseUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
        Assert.Contains("<h1>Overview</h1>", await overview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(host.Logs.GetSnapshot(), log => log.Message.Contains("no D8:Dashboard:Password is set, so it listens on 127.0.0.1 only", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MapD8Dashboard_PathBase_ServesPagesAndAssetsUnderIt()
    {
        await using var host = await DashboardHost.StartAsync(o => (o.Password, o.PathBase) = (null, "/dashboard"));
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        var tasks = await client.GetStringAsync(new Uri("/dashboard/tasks", UriKind.Relative));
        var css = await client.GetAsync(new Uri("/dashboard/assets/site.css", UriKind.Relative));
        var outside = await client.GetAsync(new Uri("/tasks", UriKind.Relative));

        Assert.Contains("href=\"/dashboard/requests\"", tasks, StringComparison.Ordinal);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Theory]
    [InlineData("192.168.1.20", StatusCodes.Status403Forbidden)]
    [InlineData("127.0.0.1", StatusCodes.Status200OK)]
    [InlineData("::1", StatusCodes.Status200OK)]
    public async Task Access_NoPassword_RefusesNonLoopbackClients(string remote, int expected)
    {
        await using var provider = new ServiceCollection().AddLogging().AddD8Dashboard(o => o.Password = null).BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = provider };
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        http.Request.Method = HttpMethods.Get;

        var result = await new DashboardAccess(allowAnonymous: false).InvokeAsync(
            EndpointFilterInvocationContext.Create(http),
            _ => ValueTask.FromResult<object?>(Results.Ok()));

        Assert.Equal(expected, Assert.IsAssignableFrom<IStatusCodeHttpResult>(result).StatusCode);
    }
}
