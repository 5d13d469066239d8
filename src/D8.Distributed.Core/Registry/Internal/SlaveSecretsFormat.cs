using System.Collections.Immutable;
using System.Text.Json;
using D8.Shared.AtomicFiles;

namespace D8.Distributed.Core.Internal;

/// <summary><c>slaves/secrets.json</c> for <see cref="AtomicFile{T}"/>: <c>{"&lt;slave id&gt;": {"token": "..."}}</c>.</summary>
internal sealed class SlaveSecretsFormat(string filePath) : AtomicFileFormat<SlaveSecrets>
{
    public override string Description => "The slave secrets file";

    public override SlaveSecrets Empty => SlaveSecrets.Empty;

    public override SlaveSecrets Parse(ReadOnlySpan<byte> bytes)
    {
        var json = bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
        Dictionary<string, SlaveSecretEntry>? file;
        try
        {
            file = JsonSerializer.Deserialize(json, SlaveRegistryJsonContext.Default.DictionaryStringSlaveSecretEntry);
        }
        catch (JsonException ex)
        {
            // Never the exception's own text: it may quote part of a token.
            throw new FormatException($"expected a JSON object keyed by slave id with {{\"token\": \"...\"}} values (line {ex.LineNumber + 1})", ex);
        }

        if (file is null)
        {
            throw new FormatException("the file holds null; it must be a JSON object keyed by slave id");
        }

        var tokens = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var (id, entry) in file)
        {
            if (entry?.Token is not { Length: > 0 } token || string.IsNullOrWhiteSpace(token))
            {
                throw new FormatException($"the entry '{id}' has no token");
            }

            tokens[id] = token;
        }

        return new SlaveSecrets(tokens.ToImmutable());
    }

    public override ReadOnlyMemory<byte> Serialize(SlaveSecrets content) =>
        JsonSerializer.SerializeToUtf8Bytes(
            content.Tokens.ToDictionary(pair => pair.Key, pair => new SlaveSecretEntry { Token = pair.Value }, StringComparer.Ordinal),
            SlaveRegistryJsonContext.Default.DictionaryStringSlaveSecretEntry);

    public override Exception CreateError(string message, Exception? innerException) =>
        new SlaveRegistryException(filePath, message, innerException);
}
