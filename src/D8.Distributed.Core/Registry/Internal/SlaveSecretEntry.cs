namespace D8.Distributed.Core.Internal;

/// <summary>One value of <c>slaves/secrets.json</c>: <c>{"token": "..."}</c> (an object, so more secrets can join).</summary>
internal sealed record SlaveSecretEntry
{
    public string? Token { get; set; }
}
