using System.Collections;
using D8.Master.Sample.Cli;

// d8-master: the master host for the Pi and the operator's command line (spec §8).
//
//   d8-master demo                     everything in one process: a loopback slave, a Python task, a human request
//   d8-master run                      the long-running master: health monitor, Telegram bot when configured
//   d8-master slaves list|add|remove|check
//   d8-master exec --code "print(6*7)"
//   d8-master requests list|show|create|approve|reject|postpone|complete
//
// Configuration, later sources winning: appsettings.json next to the executable, environment variables
// (D8__Master__Token, D8__HumanRequests__AutoApprovalRules__0__MaxCost ...), the variables existing deployments use
// (SLAVE_TOKEN, D8_DATA_DIR, TELEGRAM_TOKEN, TELEGRAM_CHAT_ID) when the D8 settings leave a value empty, and --data-dir.
// Exit codes: 0 ok, 1 failed, 2 usage error (the help text is printed).
var environment = Environment.GetEnvironmentVariables()
    .Cast<DictionaryEntry>()
    .ToDictionary(entry => (string)entry.Key, entry => (string?)entry.Value, StringComparer.Ordinal);

var context = new CliContext(Console.Out, Console.Error, environment, AppContext.BaseDirectory);
return await MasterCli.InvokeAsync(args, context);
