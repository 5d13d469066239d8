using D8.Distributed.Cli.Tests.Infrastructure;

namespace D8.Distributed.Cli.Tests.Registry;

/// <summary>
/// A one-shot verb over a hand-corrupted <c>slaves/config.json</c>, as a real <c>d8-master</c> process (its console
/// logger writes to the real stderr): without a master, the line saying it works on the file, then exactly its one-line
/// error naming the file and the parse error, no log line and no stack trace next to it.
/// </summary>
public sealed class CorruptRegistryTests
{
    private const string Corrupt = "{\"pc\": {\"host\": ";

    [Theory]
    [InlineData("slaves", "list")]
    [InlineData("slaves", "add", "other", "127.0.0.1")]
    public async Task OneShotVerb_CorruptRegistry_PrintsTheNoMasterNoticeThenOnlyItsOneLineError(params string[] verb)
    {
        using var data = new TempDirectory();
        var file = data.Combine("slaves", "config.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, Corrupt);

        await using var process = SampleProcess.Start("D8.Master.Sample", "d8-master", new Dictionary<string, string>(), [.. verb, "--data-dir", data.Path]);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var lines = process.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 2, process.ToString());
        Assert.Equal("d8-master: no master at http://127.0.0.1:1/; working on the data files directly", lines[0]);
        var line = lines[1];
        Assert.StartsWith($"d8-master: The slave registry '{file}' is corrupt (expected a JSON object keyed by slave id", line, StringComparison.Ordinal);
        Assert.Equal(Corrupt, await File.ReadAllTextAsync(file));
    }
}
