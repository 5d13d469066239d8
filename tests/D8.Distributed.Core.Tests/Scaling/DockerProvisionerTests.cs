using D8.Distributed.Core.Internal;
using D8.Distributed.Core.Tests.Support;
using D8.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Tests.Scaling;

/// <summary>
/// The built-in Docker provisioner against a real Docker engine (tests/D8.Testing/Docker: dockerd started when needed)
/// running the d8-slave image built from deploy/docker/Dockerfile (<see cref="SlaveImage"/>).
/// </summary>
public sealed class DockerProvisionerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Burst_OnOneOneSlotSlave_StartsAContainerSlave_TasksRunOnBoth_ThenTheContainerAndItsEntryAreGone()
    {
        Requirements.Python3();
        var image = await SlaveImage.EnsureAsync();
        var network = await NetworkAsync();
        await using var owners = await RealSlave.StartAsync(options => options.MaxConcurrentTasks = 1);
        await using var master = new MasterHost(
            options =>
            {
                options.AutoScale.Enabled = true;
                options.AutoScale.ScaleUpQueueWait = TimeSpan.FromMilliseconds(500);
                options.AutoScale.ScaleUpAfter = TimeSpan.FromMilliseconds(300);
                options.AutoScale.MaxAddedSlaves = 1;
                options.AutoScale.IdleBeforeRemoval = TimeSpan.FromSeconds(1);
                options.AutoScale.CheckInterval = TimeSpan.FromMilliseconds(100);
                options.AutoScale.StartTimeout = TimeSpan.FromMinutes(2);
                options.AutoScale.Docker.Image = image;
                options.AutoScale.Docker.DockerPath = DockerEngine.Client;
                options.AutoScale.Docker.Network = network;
            },
            services =>
            {
                services.AddLogging(logging => logging.AddFakeLogging());
                services.AddD8Master().UseInMemoryTaskStore().UseDockerSlaveProvisioner();
            });
        await master.StartAsync();
        await master.AddAsync("owners", owners.Port);
        await master.Monitor.CheckAllAsync();
        var queue = master.Services.GetRequiredService<ITaskQueue>();

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            // Each task says where it ran: only the image has /opt/d8-slave (/.dockerenv would not do: CI machines may be
            // containers themselves).
            ids.Add((await queue.EnqueueAsync(D8Task.Python("import os, time\ntime.sleep(1)\nprint(os.path.exists('/opt/d8-slave/d8-slave'))\n") with { TaskId = $"docker-burst-{i:00}" })).TaskId);
        }

        var done = new List<D8TaskInfo>();
        foreach (var id in ids)
        {
            done.Add((await queue.WaitAsync(id, Long))!);
        }

        Assert.All(done, task => Assert.Equal(D8TaskStatus.Succeeded, task.Status));
        var others = done.Select(task => task.SlaveId!).Distinct().Where(id => id != "owners").ToList();
        Assert.True(others.Count == 1, $"expected the tasks on the owner's slave and one added slave, got [{string.Join(", ", others)}]; the scaler's log:\n{ScalerLog(master)}");
        var added = others[0];
        Assert.StartsWith("docker-", added, StringComparison.Ordinal);
        Assert.Contains(done, task => task.SlaveId == "owners" && task.Output.Trim() == "False");
        Assert.All(done.Where(task => task.SlaveId == added), task => Assert.Equal("True", task.Output.Trim()));
        var container = DockerSlaveProvisioner.ContainerName(added);

        // Idle: unregistered first, then the container removed, then forgotten by the scaler (autoscaler.json is written
        // last, after the container is gone); the owner's slave stays.
        var scaled = Path.Combine(master.DataDirectory, "autoscaler.json");
        await Poll.UntilAsync(
            async () => master.Registry.Find(added) is null
                && (await DockerEngine.ContainersNamedAsync(container)).Count == 0
                && !(await File.ReadAllTextAsync(scaled)).Contains(added, StringComparison.Ordinal),
            $"the idle added slave {added} to be unregistered, its container {container} removed and {scaled} to forget it",
            Long);
        Assert.NotNull(master.Registry.Find("owners"));
        Assert.Single(master.Registry.GetAll());
    }

    [Fact]
    public async Task Start_ThenStop_RunsTheImageUnderTheSlavesName_AndRemovesIt_AndStopIsIdempotent()
    {
        var image = await SlaveImage.EnsureAsync();
        var options = Options.Create(new D8MasterOptions());
        options.Value.AutoScale.Docker.Image = image;
        options.Value.AutoScale.Docker.DockerPath = DockerEngine.Client;
        options.Value.AutoScale.Docker.Network = await NetworkAsync();
        options.Value.AutoScale.Docker.Memory = "256m";
        var provisioner = new DockerSlaveProvisioner(options, NullLogger<DockerSlaveProvisioner>.Instance);
        var id = "docker-" + Guid.NewGuid().ToString("N")[..8];

        var started = await provisioner.StartAsync(new SlaveProvisionRequest(id, "container-token", "feedc0de"), CancellationToken.None);
        try
        {
            var container = DockerSlaveProvisioner.ContainerName(id);
            Assert.True(await DockerEngine.IsRunningAsync(container), $"container {container} is not running");
            var inspected = await DockerEngine.DockerAsync("inspect", "--format", "{{.HostConfig.Init}} {{.HostConfig.Memory}} {{index .Config.Labels \"d8.slave-id\"}}", container);
            Assert.Equal($"true {256 * 1024 * 1024} {id}", inspected.Output.Trim());
            // The token reached the slave (it answers the right one) and the commit it reports is the master's.
            using var http = new HttpClient { BaseAddress = new Uri($"http://{started.Host}:{started.Port}/") };
            string? version = null;
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        using var response = await http.GetAsync("api/version");
                        version = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : null;
                        return version is not null;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                $"the container slave to answer /api/version at {started.Host}:{started.Port}",
                TimeSpan.FromMinutes(1));
            Assert.Contains("\"commit\":\"feedc0de\"", version, StringComparison.Ordinal);
            Assert.Equal(System.Net.HttpStatusCode.OK, await ExecuteAsync(http, "container-token"));
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, await ExecuteAsync(http, "another-token"));
        }
        finally
        {
            await provisioner.StopAsync(started, CancellationToken.None);
        }

        Assert.Empty(await DockerEngine.ContainersNamedAsync(DockerSlaveProvisioner.ContainerName(id)));
        await provisioner.StopAsync(started, CancellationToken.None);
    }

    [Fact]
    public void Options_EnabledWithoutAnImage_StopTheStartNamingTheKey()
    {
        var options = Options.Create(new D8MasterOptions());
        options.Value.AutoScale.Enabled = true;

        var error = Assert.Throws<OptionsValidationException>(() => new DockerSlaveProvisioner(options, NullLogger<DockerSlaveProvisioner>.Instance));

        Assert.Contains("D8:Master:AutoScale:Docker:Image", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:49153", 49153)]
    [InlineData("0.0.0.0:32768\n[::]:32768", 32768)]
    [InlineData("", null)]
    [InlineData("garbage", null)]
    public void ParsePort_ReadsDockerPortsAnswer(string answer, int? port) => Assert.Equal(port, DockerSlaveProvisioner.ParsePort(answer));

    private static string ScalerLog(MasterHost master) => string.Join(
        "\n",
        master.Services.GetFakeLogCollector().GetSnapshot()
            .Where(record => record.Category is { } category && category.StartsWith("D8.", StringComparison.Ordinal) && record.Level >= LogLevel.Information)
            .Select(record => $"{record.Timestamp:HH:mm:ss.fff} {record.Level} {record.Message} {record.Exception?.Message}"));

    private static async Task<System.Net.HttpStatusCode> ExecuteAsync(HttpClient http, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/execute") { Content = new StringContent("{\"command\":\"print(6*7)\"}", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>The engine's default bridge when it has one; otherwise (a dockerd started with --bridge=none) the host network.</summary>
    private static async Task<string?> NetworkAsync() =>
        (await DockerEngine.DockerAsync("network", "inspect", "bridge")).ExitCode == 0 ? null : "host";
}
