using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using D8.Distributed.Core;
using D8.HumanRequests;
using D8.Telegram;
using Microsoft.Extensions.Configuration;

namespace D8.Distributed.Cli.Internal;

/// <summary>The steps of <c>d8-master demo</c>, each printed as it happens.</summary>
internal sealed class DemoRunner(CliContext context)
{
    private const string SlaveId = "demo-slave";
    private const string RuleName = "payments-up-to-20";
    private int _step;

    public async Task<int> RunAsync(string? dataDirectory, CancellationToken cancellationToken)
    {
        var temporary = dataDirectory is null ? Directory.CreateTempSubdirectory("d8-demo-") : null;
        var dataPath = Path.GetFullPath(dataDirectory ?? temporary!.FullName);
        try
        {
            return await RunStepsAsync(dataPath, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (temporary is not null)
            {
                temporary.Delete(recursive: true);
            }
        }
    }

    private async Task<int> RunStepsAsync(string dataPath, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(dataPath);
        var token = RandomNumberGenerator.GetHexString(32, lowercase: true);
        await StepAsync($"Data directory {dataPath}; generated a slave token").ConfigureAwait(false);

        await using var slave = await EmbeddedSlave.StartAsync(token, dataPath, context.BaseDirectory, cancellationToken).ConfigureAwait(false);
        await StepAsync($"Slave started in-process at {slave.Address}").ConfigureAwait(false);

        var configuration = CliConfiguration.Build(context, dataPath);
        var telegram = CliConfiguration.HasTelegram(configuration);
        if (!telegram)
        {
            CliConfiguration.BindTelegramStrictly(configuration);
        }

        using var master = BuildMaster(token, dataPath, context.BaseDirectory, configuration, telegram);
        await master.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var registry = master.Services.GetRequiredService<ISlaveRegistry>();
            await registry.UnregisterAsync(SlaveId, cancellationToken).ConfigureAwait(false); // a --data-dir used before
            await registry.RegisterAsync(new SlaveRegistration(SlaveId, slave.Address.Host, slave.Address.Port), cancellationToken).ConfigureAwait(false);
            await StepAsync($"Registered '{SlaveId}' with the master ({Path.Combine(dataPath, "slaves", "config.json")})").ConfigureAwait(false);

            var checkedSlave = await master.Services.GetRequiredService<ISlaveHealthMonitor>().CheckAsync(SlaveId, cancellationToken).ConfigureAwait(false);
            await StepAsync($"Health check: {Names.Of(checkedSlave.Status)} (commit {checkedSlave.Commit ?? "unknown"}, methods {string.Join(", ", checkedSlave.ReportedCapabilities)})").ConfigureAwait(false);
            if (checkedSlave.Status != SlaveStatus.Healthy)
            {
                await context.Error.WriteLineAsync($"d8-master: the demo slave is not healthy: {checkedSlave.LastError}").ConfigureAwait(false);
                return MasterCli.Failed;
            }

            var result = await master.Services.GetRequiredService<ITaskDispatcher>()
                .DispatchAsync(D8Task.Python("import platform\nprint(f'Hola desde Python {platform.python_version()}: 6 * 7 =', 6 * 7)"), cancellationToken)
                .ConfigureAwait(false);
            await StepAsync($"Python task {result.TaskId} ran on {result.SlaveId} ({result.Response.Method}, exit code {result.Response.ExitCode}):").ConfigureAwait(false);
            await context.Output.WriteAsync(Indent(result.Response.Output)).ConfigureAwait(false);
            if (!result.Success)
            {
                await context.Error.WriteLineAsync($"d8-master: the demo task failed: {result.Response.Error}").ConfigureAwait(false);
                return MasterCli.Failed;
            }

            if (!await QueueBurstAsync(master.Services, cancellationToken).ConfigureAwait(false))
            {
                return MasterCli.Failed;
            }

            var requests = master.Services.GetRequiredService<IHumanRequestManager>();
            var request = await requests.CreateAsync(
                new NewHumanRequest
                {
                    Type = HumanRequestType.Payment,
                    Title = "Comprar dominio d8-demo.com",
                    Description = "Demo: a payment below the auto-approval limit",
                    EstimatedCost = 12.99m,
                    Priority = 8,
                    CreatedBy = "d8-master demo",
                },
                cancellationToken).ConfigureAwait(false);
            var decidedBy = request.History.Count > 0 ? request.History[^1].Actor : "?";
            await StepAsync($"Human request {request.Id} \"{request.Title}\" (12.99): {request.Status.ToWireName()} by {decidedBy}").ConfigureAwait(false);
            if (request.Status != HumanRequestStatus.Approved)
            {
                return MasterCli.Failed;
            }

            if (telegram)
            {
                var sent = await WaitForNotificationAsync(requests, request.Id, cancellationToken).ConfigureAwait(false);
                await StepAsync(sent ? "Telegram: the owner was told about the request" : "Telegram: not delivered yet (see the log; `d8-master run` retries it)").ConfigureAwait(false);
            }

            await StepAsync("Done: the slave, the master and the human requests work together.").ConfigureAwait(false);
            return MasterCli.Ok;
        }
        finally
        {
            await master.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Five tasks queued at once through <see cref="ITaskQueue"/> while the one-slot slave is drained, so that all wait;
    /// once it is undrained they run one by one, in priority order and first come first served within a priority.
    /// </summary>
    /// <returns>Whether they ran in that order.</returns>
    private async Task<bool> QueueBurstAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        (string Name, int Priority)[] burst = [("backup", 2), ("report", 5), ("alert", 9), ("cleanup", 2), ("invoice", 5)];
        var registry = services.GetRequiredService<ISlaveRegistry>();
        var queue = services.GetRequiredService<ITaskQueue>();
        await registry.UpdateAsync(SlaveId, slave => slave with { Drained = true }, cancellationToken).ConfigureAwait(false);
        var queued = new List<D8TaskInfo>();
        try
        {
            foreach (var (name, priority) in burst)
            {
                var task = D8Task.Python($"print('{name}')") with { Priority = priority, TaskType = "demo-burst" };
                queued.Add(await queue.EnqueueAsync(task, cancellationToken).ConfigureAwait(false));
            }

            await StepAsync($"Queued {burst.Length} tasks at once on the one-slot slave: {string.Join(", ", burst.Select(task => $"{task.Name} (priority {task.Priority})"))}").ConfigureAwait(false);
        }
        finally
        {
            await registry.UpdateAsync(SlaveId, slave => slave with { Drained = false }, CancellationToken.None).ConfigureAwait(false);
        }

        var finished = new List<D8TaskInfo>();
        foreach (var task in queued)
        {
            finished.Add(await queue.WaitAsync(task.TaskId, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false) ?? task);
        }

        var ran = finished.Where(task => task.StartedAt is not null).OrderBy(task => task.StartedAt).ThenBy(task => task.Sequence).ToList();
        await StepAsync($"They ran one at a time, highest priority first and in arrival order within one: {string.Join(" → ", ran.Select(task => $"{task.Output.Trim()} ({task.Priority})"))}").ConfigureAwait(false);
        var expected = queued.OrderByDescending(task => task.Priority).ThenBy(task => task.Sequence).Select(task => task.TaskId);
        if (finished.Any(task => task.Status != D8TaskStatus.Succeeded) || !expected.SequenceEqual(ran.Select(task => task.TaskId)))
        {
            var problems = string.Join("; ", finished.Where(task => task.Status != D8TaskStatus.Succeeded).Select(task => $"{task.TaskId} {task.Status.ToName()} {task.Reason ?? task.Error}"));
            await context.Error.WriteLineAsync($"d8-master: the queued tasks did not all run in priority order{(problems.Length > 0 ? ": " + problems : string.Empty)}").ConfigureAwait(false);
            return false;
        }

        return true;
    }

    private static IHost BuildMaster(string token, string dataPath, string contentRoot, IConfiguration configuration, bool telegram)
    {
        // No host defaults: only what the demo sets, so a real master's settings cannot change what it shows. The
        // content root is the executable's folder, as for every verb: its version_info.json names the demo's commit.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = contentRoot });
        builder.Services.AddD8Master(options =>
        {
            options.Token = token;
            options.DataDirectory = dataPath;
        });
        builder.Services.AddD8HumanRequests(options =>
        {
            options.DataDirectory = dataPath;
            options.AutoApprovalRules.Add(new HumanRequestAutoApprovalRule { Name = RuleName, Type = HumanRequestType.Payment, MaxCost = 20.00m });
        });

        if (telegram)
        {
            // Send only: a `d8-master run` elsewhere may be polling with the same token.
            builder.Services.AddD8Telegram(configuration.GetSection(D8TelegramOptions.SectionName));
            builder.Services.Configure<D8TelegramOptions>(options => options.EnablePolling = false);
        }

        return builder.Build();
    }

    private static async Task<bool> WaitForNotificationAsync(IHumanRequestManager requests, string id, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
            while ((await requests.GetAsync(id, deadline.Token).ConfigureAwait(false)).Notification is { Notified: false })
            {
                await timer.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false);
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private static string Indent(string text) =>
        string.Concat(text.Split('\n').Where(line => line.Length > 0).Select(line => "      " + line + Environment.NewLine));

    private Task StepAsync(string text) => context.Output.WriteLineAsync($"[{++_step}] {text}");
}
