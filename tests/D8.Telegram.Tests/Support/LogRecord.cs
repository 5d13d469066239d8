using Microsoft.Extensions.Logging;

namespace D8.Telegram.Tests.Support;

/// <summary>One log call as the collector saw it: the formatted message, the exception, and the texts of its
/// structured state (<c>key=value</c>) and of every scope open around it, so a test can search all of them.</summary>
public sealed record LogRecord(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    Exception? Exception,
    IReadOnlyList<string> State,
    IReadOnlyList<string> Scopes)
{
    /// <summary>Every text of the record: message, exception (with inner exceptions and stack), state and scopes.</summary>
    public IEnumerable<string> AllTexts()
    {
        yield return Category;
        yield return Message;
        if (Exception is not null)
        {
            yield return Exception.ToString();
        }

        foreach (var text in State.Concat(Scopes))
        {
            yield return text;
        }
    }
}
