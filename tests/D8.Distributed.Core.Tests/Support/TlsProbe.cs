using System.Net.Http.Headers;

namespace D8.Distributed.Core.Tests.Support;

/// <summary>Test-side TLS helpers: what certificate a slave presents, and a raw call with a chosen token.</summary>
public static class TlsProbe
{
    /// <summary>Calls <c>GET /api/health</c> over TLS accepting any certificate, and returns the one presented.</summary>
    public static async Task<string> FingerprintAsync(Uri address)
    {
        string? presented = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            presented = certificate is null ? null : SlaveTlsFingerprint.Of(certificate);
            return presented is not null;
        };
        using var client = new HttpClient(handler);
        using var response = await client.GetAsync(new Uri(address, "/api/health"));
        response.EnsureSuccessStatusCode();
        return presented ?? throw new InvalidOperationException("no certificate was presented");
    }

    /// <summary>Posts a tiny shell task with <paramref name="token"/> (any certificate accepted) and returns the status.</summary>
    public static async Task<System.Net.HttpStatusCode> ExecuteWithTokenAsync(Uri address, string token)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null; // a test client: the slave under test only
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/api/execute"))
        {
            Content = new StringContent("""{"command": "echo hi", "method": "shell"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }
}
