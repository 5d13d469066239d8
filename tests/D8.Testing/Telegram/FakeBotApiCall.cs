using System.Text.Json.Nodes;

namespace D8.Testing.Telegram;

/// <summary>One request received by the fake Bot API: the method name and its parameters as JSON.</summary>
public sealed record FakeBotApiCall(int Sequence, string Method, JsonObject Body)
{
    /// <summary>A parameter as a string (JSON strings, numbers and form values alike), or null.</summary>
    public string? Get(string name) => Body[name] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        var node => node.ToJsonString(),
    };

    /// <summary>The <c>chat_id</c> parameter as a number, or null.</summary>
    public long? ChatId => long.TryParse(Get("chat_id"), out var id) ? id : null;
}
