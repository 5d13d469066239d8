using System.Diagnostics;

namespace D8.Testing;

/// <summary>Polls a condition with a deadline: the tests' replacement for sleeps.</summary>
public static class Poll
{
    /// <summary>Default deadline: generous, because CI machines are shared and noisy.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Waits until <paramref name="condition"/> is true, or fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        await UntilAsync(() => Task.FromResult(condition()), what, timeout);
    }

    /// <summary>Waits until <paramref name="condition"/> is true, or fails naming <paramref name="what"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.#} s waiting for: {what}");
            }

            await Task.Delay(20);
        }
    }
}
