using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.Distributed.Core;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>tasks list | show | wait | cancel</c>: the running master's task queue and its history. These verbs need the
/// master: the queue is its own (a command line without it has no tasks to show).
/// </summary>
internal sealed class TasksCommand : Command
{
    private const int MaxLimit = 1000;

    private readonly CliContext _context;

    public TasksCommand(CliContext context)
        : base("tasks", "The running master's task queue and history (needs the master: --master <url>)")
    {
        _context = context;
        Subcommands.Add(List());
        Subcommands.Add(Show());
        Subcommands.Add(Wait());
        Subcommands.Add(Cancel());
    }

    private Command List()
    {
        var status = new Option<string?>("--status") { Description = $"Only these statuses, comma-separated: {string.Join(", ", D8TaskStatusNames.All)}" };
        status.Validators.Add(result =>
        {
            foreach (var name in (result.GetValueOrDefault<string?>() ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!D8TaskStatusNames.TryParse(name, out _))
                {
                    result.AddError($"Unknown task status '{name}': expected {string.Join(", ", D8TaskStatusNames.All)}.");
                }
            }
        });
        var limit = GlobalOptions.Limit("At most this many, newest first", 50, MaxLimit);
        var command = new Command("list", "List tasks, newest first") { status, limit };
        command.SetAction((parseResult, cancellationToken) => OnMasterAsync(parseResult, async (master, json) =>
        {
            var statuses = parseResult.GetValue(status) is { } text
                ? string.Join(',', text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(name => D8TaskStatusNames.TryParse(name, out var parsed) ? parsed.ToName() : name))
                : null;
            var page = await master.Client.ListTasksAsync(statuses, parseResult.GetValue(limit), before: null, cancellationToken);
            if (json)
            {
                await _context.Output.WriteLineAsync(JsonSerializer.Serialize(page.Tasks, CliJsonContext.Default.IReadOnlyListTaskResponse));
                return MasterCli.Ok;
            }

            await _context.Output.WriteAsync(page.Tasks.Count == 0 ? "No tasks." + Environment.NewLine : TaskOutput.Table(page.Tasks));
            return MasterCli.Ok;
        }, cancellationToken));
        return command;
    }

    private Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show one task with every field, its output and its error") { id };
        command.SetAction((parseResult, cancellationToken) => OnMasterAsync(parseResult, async (master, json) =>
        {
            var task = await master.Client.GetTaskAsync(parseResult.GetRequiredValue(id), cancellationToken);
            await _context.Output.WriteAsync(json
                ? JsonSerializer.Serialize(task, CliJsonContext.Default.TaskResponse) + Environment.NewLine
                : TaskOutput.Details(task));
            return MasterCli.Ok;
        }, cancellationToken));
        return command;
    }

    private Command Wait()
    {
        var id = IdArgument();
        var timeout = TaskOptions.Seconds("--timeout", "Stop waiting after this many seconds (exit code 1; the task goes on); default: until it ends");
        var command = new Command("wait", "Wait for a task to end and print its output like exec; the exit code mirrors its success") { id, timeout };
        command.SetAction((parseResult, cancellationToken) => OnMasterAsync(parseResult, async (master, json) =>
        {
            var task = await master.Client.GetTaskAsync(parseResult.GetRequiredValue(id), cancellationToken);
            var limit = parseResult.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            return await TaskWaiting.WaitAndPrintAsync(_context, master, task, limit, json, cancellationToken);
        }, cancellationToken));
        return command;
    }

    private Command Cancel()
    {
        var id = IdArgument();
        var command = new Command("cancel", "Cancel a task: a queued one leaves the queue, a running one is stopped on its slave") { id };
        command.SetAction((parseResult, cancellationToken) => OnMasterAsync(parseResult, async (master, json) =>
        {
            var taskId = parseResult.GetRequiredValue(id);
            var outcome = await master.Client.CancelTaskAsync(taskId, cancellationToken);
            if (json)
            {
                await _context.Output.WriteLineAsync(JsonSerializer.Serialize(outcome.Task, CliJsonContext.Default.TaskResponse));
            }
            else if (outcome.Cancelled)
            {
                await _context.Output.WriteLineAsync($"Cancelled task {outcome.Task.TaskId} ({outcome.Task.Status})");
            }

            if (!outcome.Cancelled)
            {
                await _context.Error.WriteLineAsync($"d8-master: task {outcome.Task.TaskId} is already {outcome.Task.Status}: there is nothing to cancel");
                return MasterCli.Failed;
            }

            return MasterCli.Ok;
        }, cancellationToken));
        return command;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "Task id (exec --detach prints it; tasks list shows them)" };

    private Task<int> OnMasterAsync(ParseResult parseResult, Func<MasterConnection, bool, Task<int>> body, CancellationToken cancellationToken) =>
        VerbRunner.WithMasterAsync(_context, parseResult, body, offline: null, cancellationToken);
}
