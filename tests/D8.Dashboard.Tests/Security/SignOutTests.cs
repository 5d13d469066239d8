using System.Net;
using System.Text.RegularExpressions;
using D8.Dashboard.Tests.Support;

namespace D8.Dashboard.Tests.Security;

/// <summary>
/// Sign-in and sign-out over plain HTTP (no browser): sign-out is server-side (a copied cookie stops working),
/// the returnUrl survives a wrong password, and only local return URLs are followed.
/// </summary>
public sealed partial class SignOutTests
{
    [Fact]
    public async Task SignOut_CookieCopiedBeforeSignOut_IsRefusedAfterIt()
    {
        await using var host = await DashboardHost.StartAsync();
        using var owner = new Browserless(host.BaseUrl);
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(DashboardHost.Password, "/")).StatusCode);
        var cookie = owner.Cookie();

        // A second client holding a copy of the cookie (another browser, or a thief) gets in ...
        using var copy = new Browserless(host.BaseUrl);
        copy.SetCookie(cookie);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/tasks")).StatusCode);

        // ... until the owner signs out: then the copy is sent to the sign-in page, as the owner is.
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignOutAsync()).StatusCode);
        using var after = await copy.GetAsync("/tasks");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains(host.Logs.GetSnapshot(), log => log.Id.Id == 4016);

        // Signing in again works, and only the new cookie does.
        Assert.Equal(HttpStatusCode.Redirect, (await owner.SignInAsync(DashboardHost.Password, "/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/tasks")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await copy.GetAsync("/tasks")).StatusCode);
    }

    [Fact]
    public async Task SignOut_StampFile_IsRotatedAndOwnerOnly()
    {
        await using var host = await DashboardHost.StartAsync();
        using var owner = new Browserless(host.BaseUrl);
        await owner.SignInAsync(DashboardHost.Password, "/");
        var path = Path.Combine(host.DataDirectory, "dashboard", "session-stamp");
        var before = await File.ReadAllTextAsync(path);

        await owner.SignOutAsync();

        Assert.NotEqual(before, await File.ReadAllTextAsync(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task SignIn_WrongPassword_KeepsTheReturnUrl()
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = new Browserless(host.BaseUrl);

        using var wrong = await client.SignInAsync("not the password", "/tasks?status=failed");
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("name=\"returnUrl\" value=\"/tasks?status=failed\"", html, StringComparison.Ordinal);

        using var right = await client.SignInAsync(DashboardHost.Password, ReturnUrlField().Match(html).Groups[1].Value.Replace("&amp;", "&", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal("/tasks?status=failed", right.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task SignIn_ForeignReturnUrl_RedirectsToTheDashboardRoot(string returnUrl)
    {
        await using var host = await DashboardHost.StartAsync();
        using var client = new Browserless(host.BaseUrl);

        using var response = await client.SignInAsync(DashboardHost.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("name=\"returnUrl\" value=\"([^\"]*)\"")]
    private static partial Regex ReturnUrlField();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>An HttpClient with its own cookie jar that does not follow redirects, as a browser tab would be.</summary>
    private sealed class Browserless : IDisposable
    {
        private readonly CookieContainer _cookies = new();
        private readonly Uri _base;
        private readonly HttpClient _client;

        public Browserless(string baseUrl)
        {
            _base = new Uri(baseUrl);
            _client = new HttpClient(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = _base };
        }

        public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(new Uri(path, UriKind.Relative));

        public async Task<HttpResponseMessage> SignInAsync(string password, string returnUrl)
        {
            var token = await AntiforgeryAsync("/signin");
            return await _client.PostAsync(new Uri("/signin", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            }));
        }

        public async Task<HttpResponseMessage> SignOutAsync()
        {
            var token = await AntiforgeryAsync("/");
            return await _client.PostAsync(new Uri("/signout", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token,
            }));
        }

        public Cookie Cookie() => _cookies.GetAllCookies().Single(cookie => cookie.Name == "d8.dashboard");

        public void SetCookie(Cookie cookie) => _cookies.Add(_base, new Cookie(cookie.Name, cookie.Value, cookie.Path, cookie.Domain));

        public void Dispose() => _client.Dispose();

        private async Task<string> AntiforgeryAsync(string page)
        {
            using var response = await GetAsync(page);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var match = AntiforgeryField().Match(await response.Content.ReadAsStringAsync());
            Assert.True(match.Success, $"no anti-forgery field on {page}");
            return match.Groups[1].Value;
        }
    }
}
