using System.Globalization;
using System.Text;
using D8.Distributed.Core;

namespace D8.Telegram.Internal.Texts;

/// <summary>The <c>/slaves</c> reply and the forwarded slave events, in HTML with every slave-supplied text escaped.</summary>
internal sealed class SlaveMessageFormatter(TelegramTexts texts)
{
    public static string StatusIcon(SlaveStatus status) => status switch
    {
        SlaveStatus.Healthy => "🟢",
        SlaveStatus.VersionMismatch => "🟠",
        SlaveStatus.Unhealthy => "🔴",
        SlaveStatus.Draining => "🟡",
        _ => "⚪",
    };

    public IReadOnlyList<string> Slaves(IReadOnlyList<SlaveInfo> slaves)
    {
        ArgumentNullException.ThrowIfNull(slaves);
        if (slaves.Count == 0)
        {
            return [texts.SlavesEmpty];
        }

        const int budget = TelegramMessageFormatter.MaxMessageLength - 96;
        var messages = new List<string>();
        var current = new StringBuilder(texts.SlavesHeader(slaves.Count)).Append('\n');
        foreach (var slave in slaves)
        {
            var block = Describe(slave);
            if (current.Length + block.Length > budget)
            {
                messages.Add(current.ToString());
                current = new StringBuilder(texts.ListContinued).Append('\n');
            }

            current.Append(block);
        }

        messages.Add(current.ToString());
        return messages;
    }

    public string Event(SlaveEvent slaveEvent)
    {
        ArgumentNullException.ThrowIfNull(slaveEvent);
        var title = slaveEvent.Kind switch
        {
            SlaveEventKind.Down => texts.EventDown,
            SlaveEventKind.Recovered => texts.EventRecovered,
            _ => texts.EventVersionMismatch,
        };
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{StatusIcon(slaveEvent.CurrentStatus)} <b>{title}</b>: <code>{Html.EscapeTruncated(slaveEvent.SlaveId, 200, "…")}</code>\n")
            .Append(CultureInfo.InvariantCulture, $"{texts.SlaveStatusName(slaveEvent.PreviousStatus)} → {texts.SlaveStatusName(slaveEvent.CurrentStatus)} · {TelegramMessageFormatter.Time(slaveEvent.OccurredAt)}");
        if (!string.IsNullOrWhiteSpace(slaveEvent.Detail))
        {
            html.Append(CultureInfo.InvariantCulture, $"\n{texts.LabelDetail}: {Html.EscapeTruncated(slaveEvent.Detail, 1000, "…")}");
        }

        return html.ToString();
    }

    private string Describe(SlaveInfo slave)
    {
        var lastContact = slave.LastSeen is { } seen ? TelegramMessageFormatter.Time(seen) : texts.Never;
        var block = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"\n{StatusIcon(slave.Status)} <b>{Html.EscapeTruncated(slave.Id, 100, "…")}</b> · {texts.SlaveStatusName(slave.Status)} · {Html.EscapeTruncated(slave.Host, 100, "…")}:{slave.Port}\n")
            .Append(CultureInfo.InvariantCulture, $"    {texts.LabelCommit} <code>{Html.EscapeTruncated(slave.Commit ?? "—", 40, "…")}</code> · {texts.LabelLastContact} {lastContact}\n");
        if (slave.Status != SlaveStatus.Healthy && !string.IsNullOrWhiteSpace(slave.LastError))
        {
            block.Append(CultureInfo.InvariantCulture, $"    {texts.LabelError}: {Html.EscapeTruncated(slave.LastError, 300, "…")}\n");
        }

        return block.ToString();
    }
}
