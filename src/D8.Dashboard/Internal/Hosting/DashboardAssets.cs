using Microsoft.AspNetCore.Http;

namespace D8.Dashboard.Internal;

/// <summary>The stylesheet and script, embedded in the assembly (no CDN: the Pi may be offline).</summary>
internal static class DashboardAssets
{
    private static readonly Dictionary<string, (byte[] Content, string ContentType)> Assets = new(StringComparer.Ordinal)
    {
        ["site.css"] = (Load("site.css"), "text/css; charset=utf-8"),
        ["live.js"] = (Load("live.js"), "text/javascript; charset=utf-8"),
    };

    public static IResult Get(HttpContext http, string name)
    {
        if (!Assets.TryGetValue(name, out var asset))
        {
            return Results.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("D8.Dashboard.Assets." + name)
            ?? throw new InvalidOperationException($"The embedded asset {name} is missing from D8.Dashboard.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
