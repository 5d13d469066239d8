using Microsoft.Extensions.Logging;

namespace D8.Telegram.Tests.Support;

/// <summary>
/// Keeps every log record in memory, with its structured state and the scopes open around it (it takes part in the
/// factory's external scopes, as the console logger does); tests await records instead of sleeping.
/// </summary>
public sealed class CollectingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly Lock _gate = new();
    private readonly List<LogRecord> _records = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Collector(this, categoryName);

    public async Task<LogRecord> WaitForAsync(Func<LogRecord, bool> match, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? D8.Testing.Poll.DefaultTimeout;
        using var deadline = new CancellationTokenSource(limit);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var found = _records.FirstOrDefault(match);
                if (found is not null)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for a log record: {what}. Logged: {string.Join(" | ", Records.Select(r => r.Message))}");
            }
        }
    }

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static List<string> Describe(object? state)
    {
        var texts = new List<string> { state?.ToString() ?? string.Empty };
        if (state is IEnumerable<KeyValuePair<string, object?>> values)
        {
            texts.AddRange(values.Select(pair => $"{pair.Key}={pair.Value}"));
        }

        return texts;
    }

    private void Add(LogRecord record)
    {
        lock (_gate)
        {
            _records.Add(record);
            var previous = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.TrySetResult();
        }
    }

    private sealed class Collector(CollectingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var scopes = new List<string>();
            owner._scopes.ForEachScope((scope, list) => list.AddRange(Describe(scope)), scopes);
            owner.Add(new LogRecord(category, logLevel, eventId, formatter(state, exception), exception, Describe(state), scopes));
        }
    }
}
