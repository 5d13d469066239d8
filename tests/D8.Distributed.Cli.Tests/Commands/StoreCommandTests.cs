using System.Diagnostics;
using System.Text.Json.Nodes;
using D8.Distributed.Cli.Tests.Infrastructure;
using D8.Distributed.Core;
using D8.Testing.PostgreSql;
using D8.Testing.Queue;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Tests.Commands;

public sealed class StoreCommandTests
{
    private const string ConnectionStringVariable = "D8__PostgreSql__ConnectionString";

    [Fact]
    public async Task ImportThenExport_PythonFixturesAndTasks_EqualDocumentsThePythonReaderLoads()
    {
        using var source = new TempDirectory();
        using var exported = new TempDirectory();
        InstallFixtures(source.Path);
        var tasks = await AddTasksAsync(source.Path);
        var environment = new Dictionary<string, string?> { [ConnectionStringVariable] = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync() };

        var import = await new CliRunner(source.Path, environment).RunAsync("store", "import");
        var again = await new CliRunner(source.Path, environment).RunAsync("store", "import");
        var export = await new CliRunner(exported.Path, environment).RunAsync("store", "export");

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("imported 5 human request(s) (counter 5), 2 slave(s) and 2 task(s) into PostgreSQL", import.Output, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("already holds 5 human request(s) (counter 5), 2 slave(s), tasks; nothing was copied. Add --force to replace it", again.Error, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        AssertSameJson(Path.Combine(source.Path, "human_requests", "requests.json"), Path.Combine(exported.Path, "human_requests", "requests.json"));
        AssertSameJson(Path.Combine(source.Path, "slaves", "config.json"), Path.Combine(exported.Path, "slaves", "config.json"));
        await using (var back = Master(exported.Path))
        {
            var store = back.GetRequiredService<ITaskStore>();
            foreach (var task in tasks)
            {
                var copied = await store.GetAsync(task.TaskId);
                Assert.Equal(Normalized(task), Normalized(copied!));
            }
        }

        Assert.Equal("5 req-0004 pending 2 unhealthy", await PythonReadsAsync(exported.Path));
    }

    [Fact]
    public async Task Import_Force_ReplacesWhatPostgreSqlHolds()
    {
        using var first = new TempDirectory();
        using var second = new TempDirectory();
        InstallFixtures(first.Path);
        var environment = new Dictionary<string, string?> { [ConnectionStringVariable] = await (await PostgreSqlServer.GetAsync()).CreateDatabaseAsync() };
        Assert.Equal(0, (await new CliRunner(first.Path, environment).RunAsync("store", "import")).ExitCode);
        await new CliRunner(second.Path).RunAsync("requests", "create", "--type", "other", "--title", "Solo una");

        var forced = await new CliRunner(second.Path, environment).RunAsync("store", "import", "--force");
        using var exported = new TempDirectory();
        var export = await new CliRunner(exported.Path, environment).RunAsync("store", "export");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Contains("imported 1 human request(s) (counter 1), 0 slave(s) and 0 task(s)", forced.Output, StringComparison.Ordinal);
        Assert.True(export.ExitCode == 0, export.ToString());
        var requests = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(exported.Path, "human_requests", "requests.json")))!;
        Assert.Equal(1, (int?)requests["counter"]);
        Assert.Equal("Solo una", (string?)Assert.Single(requests["requests"]!.AsArray())!["title"]);
        Assert.False(File.Exists(Path.Combine(exported.Path, "slaves", "config.json")), "no slave left to export");
    }

    [Fact]
    public async Task Import_NoConnectionString_OneLineNamingTheKey()
    {
        using var data = new TempDirectory();

        var result = await new CliRunner(data.Path).RunAsync("store", "import");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("D8:PostgreSql:ConnectionString is not set", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    private static void InstallFixtures(string dataDirectory)
    {
        foreach (var (folder, file) in new[] { ("human_requests", "requests.json"), ("slaves", "config.json") })
        {
            Directory.CreateDirectory(Path.Combine(dataDirectory, folder));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "fixtures", "python-d8", folder, file), Path.Combine(dataDirectory, folder, file));
        }
    }

    /// <summary>A finished and a queued task in the data directory's tasks database.</summary>
    private static async Task<List<D8TaskInfo>> AddTasksAsync(string dataDirectory)
    {
        await using var master = Master(dataDirectory);
        var store = master.GetRequiredService<ITaskStore>();
        var done = (await store.AddAsync(TaskStoreRecords.New("done-1"), int.MaxValue)).Task!;
        var finished = (await store.TryUpdateAsync(TaskStoreRecords.Full("done-1") with { Version = done.Version, Sequence = done.Sequence }))!;
        var queued = (await store.AddAsync(TaskStoreRecords.New("queued-2", priority: 7), int.MaxValue)).Task!;
        return [finished, queued];
    }

    private static ServiceProvider Master(string dataDirectory)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddD8Master(options =>
        {
            options.Token = "t";
            options.DataDirectory = dataDirectory;
        });
        return services.BuildServiceProvider();
    }

    private static string Normalized(D8TaskInfo task) => TaskStoreRecords.Describe(task with { Version = 0, Sequence = 0 });

    /// <summary>Equal documents: the same members and values, timestamps as the same instants (the JSON store writes
    /// its timestamps with their UTC offset, the old system wrote local time without one).</summary>
    private static void AssertSameJson(string expectedPath, string actualPath)
    {
        var expected = Instants(JsonNode.Parse(File.ReadAllText(expectedPath)));
        var actual = Instants(JsonNode.Parse(File.ReadAllText(actualPath)));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{actualPath} differs from {expectedPath}:\n{actual}\n---\n{expected}");
    }

    private static JsonNode? Instants(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    obj[name] = Instants(obj[name]?.DeepClone());
                }

                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Instants(array[i]?.DeepClone());
                }

                return array;
            case JsonValue value when value.TryGetValue<string>(out var text)
                && text.Length >= 19 && text[4] == '-' && text[10] == 'T'
                && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeLocal, out var instant):
                return JsonValue.Create(instant.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            default:
                return node;
        }
    }

    private static async Task<string> PythonReadsAsync(string dataDirectory)
    {
        const string script = """
            import json, os, sys
            from datetime import datetime
            with open(os.path.join(sys.argv[1], "human_requests", "requests.json")) as f:
                requests = json.load(f)
            for r in requests["requests"]:
                for k in ("created_at", "approved_at", "completed_at"):
                    if r[k] is not None:
                        datetime.fromisoformat(r[k])
            with open(os.path.join(sys.argv[1], "slaves", "config.json")) as f:
                slaves = json.load(f)
            for s in slaves.values():
                datetime.fromisoformat(s["registered_at"])
            print(requests["counter"], requests["requests"][3]["request_id"], requests["requests"][3]["status"], len(slaves), slaves["pc-leonardo"]["status"])
            """;
        var start = new ProcessStartInfo(Requirements.Python3()) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(dataDirectory);
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, error);
        return output.Trim();
    }
}
