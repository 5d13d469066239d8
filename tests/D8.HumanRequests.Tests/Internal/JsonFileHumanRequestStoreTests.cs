using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using D8.HumanRequests.Internal;
using D8.HumanRequests.Tests.Support;
using D8.Shared.AtomicFiles;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;

namespace D8.HumanRequests.Tests.Internal;

public sealed class JsonFileHumanRequestStoreTests
{
    private static readonly string[] OldFields =
        ["request_id", "request_type", "title", "description", "estimated_cost", "priority", "created_at", "created_by", "status", "approved_at", "completed_at", "actual_cost", "notes"];

    private static DateTimeOffset Local(int millionths) =>
        new DateTimeOffset(2026, 11, 26, 0, 47, 15, TimeSpan.FromHours(2)).AddTicks(millionths * 10L);

    [Fact]
    public async Task ReadAsync_OldFixture_LoadsAllFiveRequestsIntactWithNaiveTimesAsLocal()
    {
        using var dir = new TempDirectory();
        Fixtures.InstallOldRequests(dir.Path);
        var clock = TestHost.NewClock();
        clock.SetLocalTimeZone(Fixtures.UtcPlus2);
        await using var host = await TestHost.StartAsync(dir.Path, clock, runHostedServices: false);

        var all = await host.Manager.ListAsync();

        Assert.Equal(["req-0001", "req-0002", "req-0003", "req-0004", "req-0005"], all.Select(r => r.Id));
        Assert.Equal(
            [HumanRequestStatus.Completed, HumanRequestStatus.Approved, HumanRequestStatus.Rejected, HumanRequestStatus.Pending, HumanRequestStatus.Pending],
            all.Select(r => r.Status));
        Assert.Equal(
            [HumanRequestType.Payment, HumanRequestType.DesignDecision, HumanRequestType.ApiAccount, HumanRequestType.StrategicDecision, HumanRequestType.ContentApproval],
            all.Select(r => r.Type));
        Assert.Equal([12.99m, null, 5.0m, null, null], all.Select(r => r.EstimatedCost));
        Assert.Equal([12.99m, null, null, null, null], all.Select(r => r.ActualCost));
        Assert.Equal([8, 6, 4, 9, 3], all.Select(r => r.Priority));
        Assert.Equal(
            ["Aprobado por Leo\nCompletado por Leo: Comprado en Namecheap con PayPal", "Opción B es mejor para nuestro público", "Rechazado por Leo: muy caro", "", ""],
            all.Select(r => r.Notes));
        var first = all[0];
        Assert.Equal("Comprar dominio d8-ai.com", first.Title);
        Assert.Equal("Niche Discovery identificó oportunidad:\n- Score: 87/100\n- ROI estimado: +340% en 6 meses\n- Recomendación: Comprar en Namecheap", first.Description);
        Assert.Equal("NicheDiscovery", first.CreatedBy);
        Assert.Equal(Local(15141), first.CreatedAt);
        Assert.Equal(Local(16172), first.ApprovedAt);
        Assert.Equal(Local(16369), first.CompletedAt);
        Assert.Equal("Opciones:\nA) minimal\nB) <bold> & colorful\nC) dark", all[1].Description);
        Assert.Equal("Publicar artículo 'IA en 2026'", all[4].Title);
        Assert.All(all, r => Assert.Empty(r.History));
        Assert.All(all, r => Assert.Null(r.Notification));
        var next = await host.Manager.CreateAsync(Requests.Domain());
        Assert.Equal("req-0006", next.Id);
    }

    [Fact]
    public async Task UpdateAsync_AfterApproveOnOldFixture_FileStillParsesWithPlainSystemTextJsonAndOldNames()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var clock = TestHost.NewClock();
        clock.SetLocalTimeZone(Fixtures.UtcPlus2);
        await using var host = await TestHost.StartAsync(dir.Path, clock, runHostedServices: false);

        await host.Manager.ApproveAsync("req-0004", "telegram:123456", "adelante");

        var written = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        var original = JsonNode.Parse(await File.ReadAllTextAsync(Fixtures.OldRequestsFile))!.AsObject();
        Assert.Equal(JsonValueKind.Number, written["counter"]!.GetValueKind());
        Assert.Equal(5, written["counter"]!.GetValue<int>());
        var writtenRequests = written["requests"]!.AsArray();
        var originalRequests = original["requests"]!.AsArray();
        Assert.Equal(5, writtenRequests.Count);
        for (var i = 0; i < 5; i++)
        {
            var w = writtenRequests[i]!.AsObject();
            var o = originalRequests[i]!.AsObject();
            foreach (var field in OldFields)
            {
                Assert.True(w.ContainsKey(field), $"requests[{i}] lacks '{field}'");
                var isTimestamp = field.EndsWith("_at", StringComparison.Ordinal);
                var changedByApprove = i == 3 && field is "status" or "approved_at" or "notes";
                if (changedByApprove)
                {
                    continue;
                }

                Assert.Equal(o[field]?.GetValueKind() ?? JsonValueKind.Null, w[field]?.GetValueKind() ?? JsonValueKind.Null);
                if (isTimestamp && o[field] is not null)
                {
                    // Same instant, now with an explicit offset.
                    Assert.Equal(DateTimeOffset.Parse(o[field]!.GetValue<string>() + "+02:00", null), DateTimeOffset.Parse(w[field]!.GetValue<string>(), null));
                    Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$", w[field]!.GetValue<string>());
                }
                else
                {
                    Assert.True(JsonNode.DeepEquals(o[field], w[field]), $"requests[{i}].{field}: {o[field]?.ToJsonString()} became {w[field]?.ToJsonString()}");
                }
            }
        }

        // A plain reflection-based reader with the old names and types.
        var plain = JsonSerializer.Deserialize<OldFormatFile>(await File.ReadAllTextAsync(path))!;
        var approved = plain.Requests[3];
        Assert.Equal(("req-0004", "strategic_decision", "approved", 9), (approved.RequestId, approved.RequestType, approved.Status, approved.Priority));
        Assert.Equal(clock.GetUtcNow(), DateTimeOffset.Parse(approved.ApprovedAt!, null));
        Assert.Equal("Aprobado por telegram:123456: adelante", approved.Notes);
        Assert.Equal(12.99m, plain.Requests[0].EstimatedCost);
    }

    [Fact]
    public async Task UpdateAsync_WrittenFile_LoadsInPythonLikeTheOldSystem()
    {
        var python = Requirements.Python3();
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        await host.Manager.ApproveAsync("req-0004", "cli");
        var created = await host.Manager.CreateAsync(Requests.Domain());
        await host.Manager.PostponeAsync(created.Id, TimeSpan.FromDays(1), "cli");

        const string script = """
            import json, sys
            from datetime import datetime
            with open(sys.argv[1]) as f:
                data = json.load(f)
            for r in data["requests"]:
                for k in ("created_at", "approved_at", "completed_at"):
                    if r[k] is not None:
                        datetime.fromisoformat(r[k])
                assert r["estimated_cost"] is None or isinstance(r["estimated_cost"], (int, float))
                assert isinstance(r["priority"], int)
            print(data["counter"], len(data["requests"]), data["requests"][3]["status"], data["requests"][5]["status"])
            """;
        var output = await PythonScript.RunAsync(python, script, path);

        Assert.Equal("6 6 approved postponed", output);
    }

    [Fact]
    public async Task UpdateAsync_CrashBetweenTempFileAndRename_PreviousFileStaysValid()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var before = await File.ReadAllBytesAsync(path);
        var fileSystem = new CrashingFileSystem { CrashBeforeRename = true };
        await using (var crashing = await TestHost.StartAsync(dir.Path, runHostedServices: false, services: s => s.Replace(ServiceDescriptor.Singleton<IHumanRequestStore>(sp =>
            new JsonFileHumanRequestStore(new D8HumanRequestsOptions { DataDirectory = dir.Path }, sp.GetRequiredService<TimeProvider>(), NullLogger<JsonFileHumanRequestStore>.Instance, fileSystem)))))
        {
            await Assert.ThrowsAsync<SimulatedCrashException>(() => crashing.Manager.ApproveAsync("req-0004", "cli"));
        }

        // The "killed" write left its temp file, complete, next to the untouched real file.
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.NotNull(fileSystem.LastTempFile);
        Assert.Equal(Path.GetDirectoryName(path), Path.GetDirectoryName(fileSystem.LastTempFile));
        Assert.Contains("approved", JsonNode.Parse(await File.ReadAllTextAsync(fileSystem.LastTempFile!))!["requests"]![3]!["status"]!.GetValue<string>(), StringComparison.Ordinal);

        await using var restarted = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        Assert.Equal(HumanRequestStatus.Pending, (await restarted.Manager.GetAsync("req-0004")).Status);
        Assert.Equal(HumanRequestStatus.Approved, (await restarted.Manager.ApproveAsync("req-0004", "cli")).Status);
    }

    public static TheoryData<string, string> CorruptFiles => new()
    {
        { "truncated", """{"counter": 5, "requests": [{"request_id": "req-0001", """ },
        { "not JSON", "this is not json" },
        { "empty", "" },
        { "counter is a string", """{"counter": "5", "requests": []}""" },
        { "no requests array", """{"counter": 5}""" },
        { "unknown status", """{"counter": 1, "requests": [{"request_id": "req-0001", "request_type": "payment", "title": "t", "description": "", "estimated_cost": null, "priority": 5, "created_at": "2026-11-26T00:47:15.015141", "created_by": "x", "status": "maybe", "approved_at": null, "completed_at": null, "actual_cost": null, "notes": ""}]}""" },
        { "bad timestamp", """{"counter": 1, "requests": [{"request_id": "req-0001", "request_type": "payment", "title": "t", "description": "", "estimated_cost": null, "priority": 5, "created_at": "yesterday", "created_by": "x", "status": "pending", "approved_at": null, "completed_at": null, "actual_cost": null, "notes": ""}]}""" },
        { "duplicate id", """{"counter": 1, "requests": [{"request_id": "req-0001", "request_type": "payment", "title": "t", "status": "pending", "created_at": "2026-11-26T00:47:15"}, {"request_id": "req-0001", "request_type": "payment", "title": "t", "status": "pending", "created_at": "2026-11-26T00:47:15"}]}""" },
    };

    [Theory]
    [MemberData(nameof(CorruptFiles))]
    public async Task StartAsync_CorruptFile_FailsNamingThePathAndNeverTouchesIt(string what, string content)
    {
        using var dir = new TempDirectory();
        var path = Fixtures.RequestsPath(dir.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, content);
        var before = await File.ReadAllBytesAsync(path);

        var ex = await Assert.ThrowsAsync<HumanRequestStoreException>(() => TestHost.StartAsync(dir.Path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));

        // Without the hosted service (e.g. the CLI), every call fails the same way and the file stays as it was.
        await using var cli = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var onCreate = await Assert.ThrowsAsync<HumanRequestStoreException>(() => cli.Manager.CreateAsync(Requests.Domain()));
        Assert.Contains(path, onCreate.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!), f => !f.EndsWith(".lock", StringComparison.Ordinal));
        _ = what;
    }

    [Fact]
    public async Task UpdateAsync_LockHeldByAnotherProcess_WaitsThenFailsNamingTheFileAndWritesNothing()
    {
        var python = Requirements.Python3();
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var before = await File.ReadAllBytesAsync(path);
        await using var host = await TestHost.StartAsync(dir.Path, configure: o => o.LockTimeout = TimeSpan.FromMilliseconds(300), runHostedServices: false);

        // A real second process holds the lock file the way .NET's FileShare.None does on Unix (flock).
        const string script = """
            import fcntl, sys
            f = open(sys.argv[1], "a+")
            fcntl.flock(f, fcntl.LOCK_EX)
            print("locked", flush=True)
            sys.stdin.read()
            """;
        var start = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(path + ".lock");
        using var holder = Process.Start(start)!;
        Assert.Equal("locked", await holder.StandardOutput.ReadLineAsync());

        var ex = await Assert.ThrowsAsync<HumanRequestStoreException>(() => host.Manager.ApproveAsync("req-0004", "cli"));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains("locked", ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));

        holder.StandardInput.Close();
        await holder.WaitForExitAsync();
        Assert.Equal(HumanRequestStatus.Approved, (await host.Manager.ApproveAsync("req-0004", "cli")).Status);
    }

    [Fact]
    public async Task ReadAsync_FirstUse_RemovesTheStoresTempFilesOlderThanAMinuteOnly()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var folder = Path.GetDirectoryName(path)!;
        var orphan = Path.Combine(folder, "requests.json.0123456789abcdef0123456789abcdef.tmp");
        var fresh = Path.Combine(folder, "requests.json.fedcba9876543210fedcba9876543210.tmp");
        var foreign = Path.Combine(folder, "other.json.0123456789abcdef0123456789abcdef.tmp");
        foreach (var file in new[] { orphan, fresh, foreign })
        {
            await File.WriteAllTextAsync(file, "{\"counter\": 9, \"requests\": [");
        }

        File.SetLastWriteTimeUtc(orphan, DateTime.UtcNow - TimeSpan.FromMinutes(5));
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow - TimeSpan.FromMinutes(5));
        using var store = new JsonFileHumanRequestStore(new D8HumanRequestsOptions { DataDirectory = dir.Path }, TimeProvider.System, NullLogger<JsonFileHumanRequestStore>.Instance, PhysicalFileSystem.Instance);

        Assert.Equal(5, (await store.QueryAsync(null, CancellationToken.None)).Count);

        Assert.False(File.Exists(orphan), "a temp file older than a minute was left by a writer that died before its rename");
        Assert.True(File.Exists(fresh), "a fresh temp file may belong to a live writer");
        Assert.True(File.Exists(foreign), "only the store's own temp files are touched");
    }

    [Fact]
    public async Task ReadAsync_FileChangedByAnotherProcess_SeesTheChange()
    {
        using var dir = new TempDirectory();
        Fixtures.InstallOldRequests(dir.Path);
        await using var master = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        await using var cli = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        Assert.Equal(HumanRequestStatus.Pending, (await master.Manager.GetAsync("req-0005")).Status);

        await cli.Manager.RejectAsync("req-0005", "cli", "no");

        Assert.Equal(HumanRequestStatus.Rejected, (await master.Manager.GetAsync("req-0005")).Status);
    }

    [Fact]
    public async Task UpdateAsync_UnknownMembers_AreWrittenBackUnchanged()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        node["written_by"] = "python-d8 1.4";
        node["requests"]![1]!.AsObject()["tags"] = new JsonArray("landing", "ux");
        await File.WriteAllTextAsync(path, node.ToJsonString());
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        await host.Manager.ApproveAsync("req-0004", "cli");

        var written = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.Equal("python-d8 1.4", written["written_by"]!.GetValue<string>());
        Assert.Equal(["landing", "ux"], written["requests"]![1]!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public async Task UpdateAsync_NewRequest_WritesHistoryPostponementAndNotificationState()
    {
        using var dir = new TempDirectory();
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var created = await host.Manager.CreateAsync(Requests.Domain());
        await host.Manager.PostponeAsync(created.Id, TimeSpan.FromDays(1), "telegram:1", "mañana");

        var request = JsonNode.Parse(await File.ReadAllTextAsync(host.FilePath))!["requests"]![0]!;

        Assert.Equal("2026-11-27T09:00:00.000000+00:00", request["postponed_until"]!.GetValue<string>());
        Assert.Equal(["create", "postpone"], request["history"]!.AsArray().Select(h => h!["action"]!.GetValue<string>()));
        Assert.Equal("telegram:1", request["history"]![1]!["actor"]!.GetValue<string>());
        Assert.Equal("mañana", request["history"]![1]!["note"]!.GetValue<string>());
        // Leaving pending replaced the undelivered "new" notification: the notifiers are told of the decision instead.
        Assert.Equal("decided", request["notification"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public async Task UpdateAsync_PiecewiseWrite_IsByteForByteWhatTheSerializerWrites()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        node["written_by"] = "python-d8 1.4";
        await File.WriteAllTextAsync(path, node.ToJsonString());
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        await host.Manager.ApproveAsync("req-0004", "cli");
        var created = await host.Manager.CreateAsync(Requests.Domain() with { Description = "línea 1\nlínea 2 \"quoted\" <b>&</b>" });
        await host.Manager.PostponeAsync(created.Id, TimeSpan.FromHours(3), "telegram:1", "luego");

        var snapshot = await ((JsonFileHumanRequestStore)host.Services.GetRequiredService<IHumanRequestStore>()).ReadSnapshotAsync(CancellationToken.None);
        var expected = JsonSerializer.SerializeToUtf8Bytes(StoredRequestMapper.ToStored(snapshot), HumanRequestsJsonContext.Default.StoredRequestFile);

        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task ReadAsync_FileWithByteOrderMark_Loads()
    {
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. await File.ReadAllBytesAsync(path)]);
        await using var host = await TestHost.StartAsync(dir.Path, runHostedServices: false);

        Assert.Equal(5, (await host.Manager.ListAsync()).Count);
        await host.Manager.ApproveAsync("req-0004", "cli");
        Assert.Equal((byte)'{', (await File.ReadAllBytesAsync(path))[0]);
    }

    [Fact]
    public async Task AddAlertAsync_WrittenFile_OldPythonReaderLoadsItAndTheAlertsSurviveARestart()
    {
        var python = Requirements.Python3();
        using var dir = new TempDirectory();
        var path = Fixtures.InstallOldRequests(dir.Path);
        await using (var host = await TestHost.StartAsync(dir.Path, runHostedServices: false))
        {
            await host.Manager.ApproveAsync("req-0004", "cli");
            await host.Services.GetRequiredService<IOwnerAlerts>().RaiseAsync(
                new NewOwnerAlert("slave", "down", "vps<&>", "Slave vps<&>: down") { Fields = new Dictionary<string, string> { ["detail"] = "línea 1\nlínea \"2\"" } },
                CancellationToken.None);
            await host.Manager.CreateAsync(Requests.Domain());

            // The alerts array is written exactly as the serializer would write the whole file.
            var snapshot = await ((JsonFileHumanRequestStore)host.Services.GetRequiredService<IHumanRequestStore>()).ReadSnapshotAsync(CancellationToken.None);
            var expected = JsonSerializer.SerializeToUtf8Bytes(StoredRequestMapper.ToStored(snapshot), HumanRequestsJsonContext.Default.StoredRequestFile);
            Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), await File.ReadAllTextAsync(path));
        }

        // The old system's reader: json.load, then only "counter" and "requests" are used; "alerts" is ignored.
        const string script = """
            import json, sys
            from datetime import datetime
            with open(sys.argv[1]) as f:
                data = json.load(f)
            for r in data["requests"]:
                for k in ("created_at", "approved_at", "completed_at"):
                    if r[k] is not None:
                        datetime.fromisoformat(r[k])
            print(data["counter"], len(data["requests"]), data["requests"][3]["status"], len(data["alerts"]), data["alerts"][0]["subject"])
            """;
        var output = await PythonScript.RunAsync(python, script, path);

        Assert.Equal("6 6 approved 1 vps<&>", output);
        await using var restarted = await TestHost.StartAsync(dir.Path, runHostedServices: false);
        var alert = Assert.Single(await restarted.Services.GetRequiredService<IHumanRequestStore>().GetUndeliveredAlertsAsync(CancellationToken.None));
        Assert.Equal(("vps<&>", "línea 1\nlínea \"2\""), (alert.Subject, alert.Fields["detail"]));
        Assert.Equal(6, (await restarted.Manager.ListAsync()).Count);
    }
}
