namespace D8.HumanRequests.Tests.Support;

/// <summary>The old Python system's files, copied unchanged into tests/fixtures/python-d8.</summary>
internal static class Fixtures
{
    public static string OldRequestsFile => Path.Combine(AppContext.BaseDirectory, "fixtures", "python-d8", "human_requests", "requests.json");

    /// <summary>Puts the old system's <c>requests.json</c> into <c>&lt;dataDirectory&gt;/human_requests/</c>.</summary>
    public static string InstallOldRequests(string dataDirectory)
    {
        if (!File.Exists(OldRequestsFile))
        {
            throw new InvalidOperationException($"The fixture '{OldRequestsFile}' is missing: it should be linked from tests/fixtures/python-d8/human_requests.");
        }

        var target = RequestsPath(dataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(OldRequestsFile, target);
        return target;
    }

    public static string RequestsPath(string dataDirectory) => Path.Combine(dataDirectory, "human_requests", "requests.json");

    /// <summary>A fixed non-UTC local zone, so "naive timestamps are local time" is visible in the results.</summary>
    public static TimeZoneInfo UtcPlus2 { get; } = TimeZoneInfo.CreateCustomTimeZone("Test+02", TimeSpan.FromHours(2), "Test+02", "Test+02");
}
