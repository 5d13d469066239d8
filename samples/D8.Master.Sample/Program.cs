using D8.Dashboard;
using D8.Distributed.Cli;
using D8.Distributed.Core;
using D8.Distributed.PostgreSql;
using D8.HumanRequests;
using D8.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

// d8-master: the master host of the Pi (`d8-master run`) and the operator's command line (every other verb:
// slaves, exec, requests, demo), which D8.Distributed.Cli provides. Every verb builds a host whose content root is the
// folder of this executable, whatever the current directory.
//
// Configuration, later sources winning: appsettings.json beside the executable, the variables existing deployments
// use (SLAVE_TOKEN, SLAVE_TOKEN_FILE, D8_DATA_DIR, TELEGRAM_TOKEN, TELEGRAM_CHAT_ID ... and systemd credentials),
// D8__* variables (D8__HumanRequests__AutoApprovalRules__0__MaxCost=20), and --data-dir. Binding is strict: an
// unknown key or section (D8__Mastr__Token) or a value that does not convert stops the verb with one line naming the
// key (exit code 1).
return await D8CommandLine.InvokeAsync(args, Program.Compose(new D8CommandLineOptions()));

/// <summary>The recipe of this host.</summary>
internal static partial class Program
{
    /// <summary>What <c>d8-master run</c> hosts: the master, human requests, the Telegram bot and the dashboard.</summary>
    internal static D8CommandLineOptions Compose(D8CommandLineOptions options)
    {
        // 1. The master (registry, health monitor, dispatcher) and human requests, from D8:Master and D8:HumanRequests.
        //    With D8:PostgreSql:ConnectionString (or D8_POSTGRESQL_CONNECTION_STRING_FILE) the tasks, the registry and
        //    the human requests live in PostgreSQL, shared with the other masters on that database (`store import`
        //    copies the files there); without it, in SQLite and the JSON files of the data directory.
        options.ConfigureMaster = static builder =>
        {
            // The auto-scaler (D8:Master:AutoScale, off by default) starts d8-slave containers on the local Docker engine
            // (D8:Master:AutoScale:Docker:Image); a provisioner that costs money asks through a payment human request.
            var master = builder.Services.AddD8Master().UseDockerSlaveProvisioner().UseProvisioningApprover<HumanRequestProvisioningApprover>();
            if (!string.IsNullOrWhiteSpace(builder.Configuration[D8PostgreSqlOptions.SectionName + ":ConnectionString"]))
            {
                master.UsePostgreSql(connectionString: null);
            }

            builder.Services.AddD8HumanRequests();
        };

        // 2. The Telegram bot, which `run` adds when it has a token (D8:Telegram:BotToken or TELEGRAM_TOKEN); without
        //    one, D8:Telegram is still checked strictly (a misspelt key stops the start).
        options.ConfigureTelegram = static builder => builder.Services.AddD8Telegram();

        // 3. The web port (7500): the dashboard and the master API (/api/v1, /healthz; D8:Master:ApiToken or
        //    D8_API_TOKEN). D8:Dashboard:Enabled=false runs the master without any port.
        options.ConfigureWeb = static builder => builder.Services.AddD8Dashboard();
        options.MapWeb = static app =>
        {
            app.MapD8Dashboard();
            app.MapD8MasterApi();
        };
        return options;
    }
}
