using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using D8.Distributed.Contracts;
using D8.HumanRequests;
using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// <c>requests list | show | create | approve | reject | postpone | complete | cancel</c>: human requests, through the
/// running master, else in <c>human_requests/requests.json</c> directly (with the store's locking).
/// </summary>
internal sealed class RequestsCommand : Command
{
    /// <summary>The actor recorded in a request's history for decisions taken with this CLI (without a master).</summary>
    public const string Actor = "cli";

    private readonly CliContext _context;

    public RequestsCommand(CliContext context)
        : base("requests", "Human requests (through the running master, else <data-dir>/human_requests/requests.json)")
    {
        _context = context;
        Subcommands.Add(List());
        Subcommands.Add(Show());
        Subcommands.Add(Create());
        Subcommands.Add(Approve());
        Subcommands.Add(Decide(
            "reject", "Reject a pending or postponed request",
            (client, id, note, ct) => client.RejectRequestAsync(id, new HumanRequestDecisionRequest { Note = note }, ct),
            (requests, id, note, ct) => requests.RejectAsync(id, Actor, note, ct)));
        Subcommands.Add(Postpone());
        Subcommands.Add(Complete());
        Subcommands.Add(Decide(
            "cancel", "Cancel a pending, postponed or approved request (it is no longer needed)",
            (client, id, note, ct) => client.CancelRequestAsync(id, new HumanRequestDecisionRequest { Note = note }, ct),
            (requests, id, note, ct) => requests.CancelAsync(id, Actor, note, ct)));
    }

    private Command List()
    {
        var status = new Option<string?>("--status") { Description = "Only this status: pending, approved, rejected, postponed, completed, cancelled" };
        status.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !HumanRequestNames.TryParseStatus(value, out _))
            {
                result.AddError($"Unknown status '{value}': expected pending, approved, rejected, postponed, completed or cancelled.");
            }
        });
        var command = new Command("list", "List human requests, oldest first") { status };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) =>
            {
                var wanted = HumanRequestNames.TryParseStatus(parseResult.GetValue(status), out var parsed) ? parsed.ToWireName() : null;
                return await PrintListAsync([.. (await client.ListRequestsAsync(wanted, cancellationToken)).Select(RequestView.From)], json);
            },
            async (requests, json) =>
            {
                var filter = HumanRequestNames.TryParseStatus(parseResult.GetValue(status), out var wanted) ? new HumanRequestFilter { Status = wanted } : null;
                return await PrintListAsync([.. (await requests.ListAsync(filter, cancellationToken)).Select(RequestView.From)], json);
            },
            cancellationToken));
        return command;
    }

    private Command Show()
    {
        var id = IdArgument();
        var command = new Command("show", "Show one request with its history") { id };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) => await PrintAsync(RequestView.From(await client.GetRequestAsync(parseResult.GetRequiredValue(id), cancellationToken)), json),
            async (requests, json) => await PrintAsync(RequestView.From(await requests.GetAsync(parseResult.GetRequiredValue(id), cancellationToken)), json),
            cancellationToken));
        return command;
    }

    private Command Create()
    {
        var type = new Option<string>("--type")
        {
            Description = "payment, design_decision, api_account, content_approval, strategic_decision or other",
            HelpName = "type",
            Required = true,
        };
        type.AcceptOnlyFromAmong([.. Enum.GetValues<HumanRequestType>().Select(value => value.ToWireName())]);
        var title = new Option<string>("--title") { Description = "What is asked (at most 200 characters)", Required = true };
        var description = new Option<string?>("--description") { Description = "Details and reasons" };
        var cost = AmountOption("--cost", "Estimated cost, e.g. 12.99");
        var priority = new Option<int>("--priority") { Description = "1 (low) to 10 (urgent)", DefaultValueFactory = _ => 5 };
        var createdBy = new Option<string>("--created-by") { Description = "Who asks", DefaultValueFactory = _ => Actor };
        var options = new Option<string[]>("--option") { Description = "An option to choose from (repeat: --option A --option B); approve one with 'requests approve <id> --option B'", AllowMultipleArgumentsPerToken = false };
        var expires = ExpiresOption();
        var command = new Command("create", "Create a human request (auto-approval rules apply; the running master notifies Telegram)")
        {
            type, title, description, cost, priority, createdBy, options, expires,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) => await PrintAsync(
                RequestView.From(await client.CreateRequestAsync(
                    new HumanRequestCreateRequest
                    {
                        RequestType = parseResult.GetRequiredValue(type),
                        Title = parseResult.GetRequiredValue(title),
                        Description = parseResult.GetValue(description),
                        EstimatedCost = parseResult.GetValue(cost),
                        Priority = parseResult.GetValue(priority),
                        CreatedBy = parseResult.GetRequiredValue(createdBy),
                        Options = parseResult.GetValue(options) is { Length: > 0 } given ? given : null,
                        ExpiresAt = parseResult.GetValue(expires),
                    },
                    cancellationToken)),
                json),
            async (requests, json) =>
            {
                // AcceptOnlyFromAmong has already refused anything else.
                _ = HumanRequestNames.TryParseType(parseResult.GetRequiredValue(type), out var requestType);
                var created = await requests.CreateAsync(
                    new NewHumanRequest
                    {
                        Type = requestType,
                        Title = parseResult.GetRequiredValue(title),
                        Description = parseResult.GetValue(description) ?? string.Empty,
                        EstimatedCost = parseResult.GetValue(cost),
                        Priority = parseResult.GetValue(priority),
                        CreatedBy = parseResult.GetRequiredValue(createdBy),
                        Options = parseResult.GetValue(options) ?? [],
                        ExpiresAt = parseResult.GetValue(expires),
                    },
                    cancellationToken);
                return await PrintAsync(RequestView.From(created), json);
            },
            cancellationToken));
        return command;
    }

    private Command Decide(
        string name,
        string description,
        Func<D8MasterClient, string, string?, CancellationToken, Task<HumanRequestResponse>> online,
        Func<IHumanRequestManager, string, string?, CancellationToken, Task<HumanRequest>> offline)
    {
        var id = IdArgument();
        var note = NoteOption();
        var command = new Command(name, description) { id, note };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) => await PrintAsync(RequestView.From(await online(client, parseResult.GetRequiredValue(id), parseResult.GetValue(note), cancellationToken)), json),
            async (requests, json) => await PrintAsync(RequestView.From(await offline(requests, parseResult.GetRequiredValue(id), parseResult.GetValue(note), cancellationToken)), json),
            cancellationToken));
        return command;
    }

    private Command Approve()
    {
        var id = IdArgument();
        var note = NoteOption();
        var option = new Option<string?>("--option") { Description = "Approve choosing this one of the request's options (e.g. B)" };
        var command = new Command("approve", "Approve a pending or postponed request (with --option for one of its options)") { id, note, option };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) => await PrintAsync(
                RequestView.From(await client.ApproveRequestAsync(
                    parseResult.GetRequiredValue(id),
                    new HumanRequestDecisionRequest { Note = parseResult.GetValue(note), Option = parseResult.GetValue(option) },
                    cancellationToken)),
                json),
            async (requests, json) => await PrintAsync(
                RequestView.From(parseResult.GetValue(option) is { } chosen
                    ? await requests.ChooseAsync(parseResult.GetRequiredValue(id), chosen, Actor, parseResult.GetValue(note), cancellationToken)
                    : await requests.ApproveAsync(parseResult.GetRequiredValue(id), Actor, parseResult.GetValue(note), cancellationToken)),
                json),
            cancellationToken));
        return command;
    }

    private Command Postpone()
    {
        var id = IdArgument();
        var note = NoteOption();
        var duration = new Option<TimeSpan>("--for")
        {
            Description = "How long: 30m, 2h, 1d (default), 1w or 1.02:00:00, at most 365 days",
            DefaultValueFactory = _ => TimeSpan.FromDays(1),
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
                if (HumanRequestInput.TryParseDuration(text, out var parsed))
                {
                    return parsed;
                }

                result.AddError($"Cannot read the duration '{text}': use 30m, 2h, 1d, 1w or 1.02:00:00 (at most 365 days).");
                return default;
            },
        };
        var command = new Command("postpone", "Postpone a request; it comes back as pending (and is notified again) when the time is up") { id, duration, note };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) =>
            {
                // The master reads the duration with the same grammar: send what the operator wrote.
                var text = parseResult.GetResult(duration) is { Tokens: [{ } token] } ? token.Value : null;
                var decision = new HumanRequestDecisionRequest { For = text, Note = parseResult.GetValue(note) };
                return await PrintAsync(RequestView.From(await client.PostponeRequestAsync(parseResult.GetRequiredValue(id), decision, cancellationToken)), json);
            },
            async (requests, json) => await PrintAsync(
                RequestView.From(await requests.PostponeAsync(parseResult.GetRequiredValue(id), parseResult.GetValue(duration), Actor, parseResult.GetValue(note), cancellationToken)),
                json),
            cancellationToken));
        return command;
    }

    private Command Complete()
    {
        var id = IdArgument();
        var note = NoteOption();
        var cost = AmountOption("--cost", "What it really cost, e.g. 12.99");
        var command = new Command("complete", "Mark an approved request done") { id, cost, note };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult,
            async (client, json) =>
            {
                var decision = new HumanRequestDecisionRequest { ActualCost = parseResult.GetValue(cost), Note = parseResult.GetValue(note) };
                return await PrintAsync(RequestView.From(await client.CompleteRequestAsync(parseResult.GetRequiredValue(id), decision, cancellationToken)), json);
            },
            async (requests, json) => await PrintAsync(
                RequestView.From(await requests.CompleteAsync(parseResult.GetRequiredValue(id), parseResult.GetValue(cost), Actor, parseResult.GetValue(note), cancellationToken)),
                json),
            cancellationToken));
        return command;
    }

    /// <summary>An amount in the grammar of <see cref="HumanRequestInput.TryParseAmount"/>, whatever the machine's culture.</summary>
    private static Option<decimal?> AmountOption(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (HumanRequestInput.TryParseAmount(text, out var amount))
            {
                return amount;
            }

            result.AddError($"Cannot read the amount '{text}' of {name}: use 12.99, 12,99 or $12.99 (0 to 1000000, no thousands separators).");
            return null;
        },
    };

    /// <summary><c>--expires</c>: a duration from now in the grammar of <see cref="HumanRequestInput.TryParseDuration"/>
    /// (<c>30m</c>, <c>2h</c>, <c>1d</c>) or an ISO 8601 time (<c>2026-12-24T18:00:00+01:00</c>; without an offset it is
    /// local time). Whether it lies in the future is checked where the request is created, with the field named.</summary>
    private static Option<DateTimeOffset?> ExpiresOption() => new("--expires")
    {
        Description = "Cancel the request as 'expired' if still undecided then (a reminder goes out before): 2h, 30m, 1d or an ISO time like 2026-12-24T18:00:00+01:00",
        HelpName = "when",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (HumanRequestInput.TryParseDuration(text, out var duration))
            {
                return TimeProvider.System.GetUtcNow() + duration;
            }

            if (text is not null && text.Contains('T', StringComparison.OrdinalIgnoreCase)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
            {
                return at;
            }

            result.AddError($"Cannot read the expiry '{text}' of --expires: use a duration (30m, 2h, 1d, 1w) or an ISO time like 2026-12-24T18:00:00+01:00.");
            return null;
        },
    };

    private static Argument<string> IdArgument() => new("id") { Description = "Request id, e.g. req-0001" };

    private static Option<string?> NoteOption() => new("--note") { Description = "A note for the history (and the old 'notes' field)" };

    private async Task<int> PrintListAsync(IReadOnlyList<RequestView> list, bool json)
    {
        if (json)
        {
            await _context.Output.WriteLineAsync(JsonSerializer.Serialize(list, CliJsonContext.Default.IReadOnlyListRequestView));
            return MasterCli.Ok;
        }

        if (list.Count == 0)
        {
            await _context.Output.WriteLineAsync("No human requests.");
            return MasterCli.Ok;
        }

        var table = new TextTable("ID", "STATUS", "TYPE", "PRIO", "COST", "CREATED", "BY", "TITLE");
        foreach (var request in list)
        {
            table.AddRow(request.RequestId, request.Status, request.RequestType, request.Priority.ToString(CultureInfo.InvariantCulture),
                Names.Money(request.EstimatedCost), Names.Time(request.CreatedAt), request.CreatedBy, request.Title);
        }

        await _context.Output.WriteAsync(table.ToString());
        return MasterCli.Ok;
    }

    private async Task<int> PrintAsync(RequestView request, bool json)
    {
        if (json)
        {
            await _context.Output.WriteLineAsync(JsonSerializer.Serialize(request, CliJsonContext.Default.RequestView));
            return MasterCli.Ok;
        }

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{request.RequestId}  {request.Status}  {request.RequestType}  priority {request.Priority}")
            .AppendLine(CultureInfo.InvariantCulture, $"  title:       {request.Title}");
        if (request.Description.Length > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  description: {request.Description}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  created:     {Names.Time(request.CreatedAt)} by {request.CreatedBy}");
        if (request.EstimatedCost is not null || request.ActualCost is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  cost:        estimated {Names.Money(request.EstimatedCost) ?? "-"}, actual {Names.Money(request.ActualCost) ?? "-"}");
        }

        if (request.Options.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  options:     {string.Join(", ", request.Options)}{(request.ChosenOption is { } chosen ? $" (chosen: {chosen})" : string.Empty)}");
        }

        if (request.PostponedUntil is { } until)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  postponed:   until {Names.Time(until)}");
        }

        if (request.ExpiresAt is { } expiresAt)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  expires:     {Names.Time(expiresAt)}");
        }

        foreach (var entry in request.History)
        {
            var note = string.IsNullOrEmpty(entry.Note) ? string.Empty : $": {entry.Note}";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Names.Time(entry.At)}  {entry.Action,-9} → {entry.To,-10} {entry.Actor}{note}");
        }

        await _context.Output.WriteAsync(text.ToString());
        return MasterCli.Ok;
    }

    private Task<int> RunAsync(
        ParseResult parseResult,
        Func<D8MasterClient, bool, Task<int>> online,
        Func<IHumanRequestManager, bool, Task<int>> offline,
        CancellationToken cancellationToken) =>
        VerbRunner.WithMasterAsync(
            _context,
            parseResult,
            (master, json) => online(master.Client, json),
            (GlobalOptions.OfflineNotice, notice => VerbRunner.ServicesAsync(_context, parseResult, needsSlaveToken: false,
                (services, json) => offline(services.GetRequiredService<IHumanRequestManager>(), json), notice)),
            cancellationToken);
}
