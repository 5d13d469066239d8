using System.Collections.Concurrent;
using D8.Telegram.Internal.Commands;

namespace D8.Telegram.Internal;

/// <summary>
/// The names of the Telegram users who acted through this bot (<c>telegram:123</c> → <c>Leo (@leo)</c>), so a decision
/// message edited later by the outbox shows the same name as the one edited at the button press (the second edit is
/// then "not modified"). Kept in memory only: after a restart the recorded actor id is shown instead.
/// </summary>
internal sealed class TelegramActorNames
{
    /// <summary>A bound: the owner and a few helpers act through the bot, never thousands.</summary>
    private const int MaxNames = 1000;

    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);

    public void Remember(TelegramActor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (_names.Count >= MaxNames && !_names.ContainsKey(actor.Id))
        {
            _names.Clear();
        }

        _names[actor.Id] = actor.DisplayName;
    }

    /// <summary>The display name of a recorded actor, or the actor itself (<c>cli</c>, <c>api</c>, <c>auto:…</c>).</summary>
    public string Display(string actor) => _names.TryGetValue(actor, out var name) ? name : actor;
}
