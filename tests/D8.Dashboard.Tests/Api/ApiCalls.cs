using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace D8.Dashboard.Tests.Api;

/// <summary>Raw calls of the master API for the error cases: status and the <c>error</c> of the body.</summary>
internal static class ApiCalls
{
    public static async Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(HttpClient client, string path, string? json = null) =>
        SendAsync(client, HttpMethod.Post, path, json);

    public static Task<(HttpStatusCode Status, JsonNode? Body, HttpResponseMessage Response)> GetAsync(HttpClient client, string path) =>
        SendAsync(client, HttpMethod.Get, path);

    public static string Error(JsonNode? body) => body?["error"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no error in {body?.ToJsonString()}");
}
