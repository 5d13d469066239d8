using Microsoft.Extensions.Logging;

namespace D8.Telegram.Tests.Support;

public sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);
