using System.Net;
using System.Text.Json;

namespace D8.Distributed.Slave.Tests.Infrastructure;

public static class ResponseAssert
{
    /// <summary>Asserts the status and that the body is exactly <c>{"error": ...}</c>; returns the message.</summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        var property = Assert.Single(document.RootElement.EnumerateObject());
        Assert.Equal("error", property.Name);
        return property.Value.GetString()!;
    }
}
