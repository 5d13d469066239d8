using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace D8.Dashboard.Tests.Support;

/// <summary>
/// A <see cref="DashboardHost"/> without a password (loopback, no sign-in) whose every service reads a
/// <see cref="FakeTimeProvider"/>: the pages' relative times and charts are then fixed text for known data.
/// </summary>
public sealed class FakeClockHost : IAsyncDisposable
{
    private FakeClockHost(DashboardHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
        Client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
    }

    public DashboardHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public HttpClient Client { get; }

    public static async Task<FakeClockHost> StartAsync(DateTimeOffset start, Action<D8.HumanRequests.D8HumanRequestsOptions>? requests = null)
    {
        var clock = new FakeTimeProvider(start);
        var host = await DashboardHost.StartAsync(o => o.Password = null, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            if (requests is not null)
            {
                services.Configure(requests);
            }
        });
        // The tests write tasks straight into the store, some as running: wait until the dispatch loop's start-up
        // recovery has listed the running tasks (log 1200), or it would take such a task for one left by a crash.
        await Poll.UntilAsync(() => host.Logs.GetSnapshot().Any(log => log.Id.Id == 1200), "the task queue's start-up recovery (log 1200)");
        return new FakeClockHost(host, clock);
    }

    /// <summary>GETs a page and returns its HTML (failing on a non-success status).</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {html}");
        return html;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
