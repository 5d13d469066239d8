using D8.Distributed.Core;
using D8.Distributed.Slave;
using D8.HumanRequests;
using D8.Telegram;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// Uses the packed D8 libraries the way the README tells a user to, and checks their main services resolve.
var dataDirectory = Directory.CreateTempSubdirectory("d8-consumer-").FullName;
try
{
    var configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["D8:Master:Token"] = "consumer-token",
            ["D8:Master:DataDirectory"] = dataDirectory,
            ["D8:HumanRequests:DataDirectory"] = dataDirectory,
            // AddD8Telegram() binds D8:Telegram (a host maps TELEGRAM_TOKEN onto it with AddD8LegacyEnvironmentVariables).
            ["D8:Telegram:BotToken"] = "123456:consumer-check-token",
            ["D8:Telegram:AuthorizedChatIds:0"] = "42",
            ["D8:Slave:AuthToken"] = "consumer-token",
        })
        .Build();

    var services = new ServiceCollection();
    services.AddSingleton<IConfiguration>(configuration);
    services.AddLogging();
    services.AddD8Master();
    services.AddD8HumanRequests();
    // The parameterless overload binds D8:HumanRequests; the section overload binds only the section it is given.
    services.AddD8HumanRequests(configuration.GetSection(D8HumanRequestsOptions.SectionName));
    services.AddD8Telegram();
    services.AddD8Slave();

    await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    // Nothing may touch a real data directory: check where both stores live before using them.
    Check(provider.GetRequiredService<IOptions<D8MasterOptions>>().Value.DataDirectory == dataDirectory, "D8MasterOptions.DataDirectory bound");
    Check(provider.GetRequiredService<IHumanRequestStore>().Location.StartsWith(dataDirectory, StringComparison.Ordinal), "IHumanRequestStore in the temporary directory");
    Check(provider.GetRequiredService<ISlaveRegistry>().GetAll().Count == 0, "ISlaveRegistry resolves (empty)");
    _ = provider.GetRequiredService<ITaskDispatcher>();
    _ = provider.GetRequiredService<ISlaveHealthMonitor>();
    Check(provider.GetRequiredService<IOptions<D8MasterOptions>>().Value.Token == "consumer-token", "D8MasterOptions bound");
    var requests = provider.GetRequiredService<IHumanRequestManager>();
    var created = await requests.CreateAsync(new NewHumanRequest { Type = HumanRequestType.Other, Title = "Consumer check", CreatedBy = "D8.Consumer" });
    Check(created.Id == "req-0001", "IHumanRequestManager creates req-0001");
    Check(provider.GetServices<IHumanRequestNotifier>().Any(), "AddD8Telegram registers a human-request notifier");
    Check(provider.GetRequiredService<IOptions<D8TelegramOptions>>().Value.AuthorizedChatIds.SequenceEqual([42L]), "D8TelegramOptions bound");
    Check(provider.GetRequiredService<IOptions<D8SlaveOptions>>().Value.AuthToken == "consumer-token", "D8SlaveOptions bound");
    Check(provider.GetServices<IHostedService>().Count() >= 3, "hosted services registered (monitor, requests, Telegram polling)");

    Console.WriteLine("D8.Consumer: the four packages restore from nupkg/ and their services resolve.");
    return 0;
}
finally
{
    Directory.Delete(dataDirectory, recursive: true);
}

static void Check(bool condition, string what)
{
    if (!condition)
    {
        throw new InvalidOperationException($"D8.Consumer check failed: {what}");
    }

    Console.WriteLine($"ok  {what}");
}
