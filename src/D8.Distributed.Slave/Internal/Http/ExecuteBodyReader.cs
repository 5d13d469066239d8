using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using D8.Distributed.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Reads the execute body with a hard size limit (the declared Content-Length first, then a counting read, so chunked
/// bodies are bounded too) and parses it with the source-generated contract, naming the problem when it is not valid.
/// </summary>
internal static class ExecuteBodyReader
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; <see langword="null"/> when the body is larger.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Kestrel's own limit must not be lower than ours (its default is 30 MB): our counting read decides.
            sizeFeature.MaxRequestBodySize = maxBytes + 1L;
        }

        var body = new ArrayBufferWriter<byte>(Math.Min(maxBytes + 1, 16 * 1024));
        try
        {
            while (true)
            {
                var memory = body.GetMemory(8 * 1024);
                var read = await request.Body.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return body.WrittenSpan.ToArray();
                }

                body.Advance(read);
                if (body.WrittenCount > maxBytes)
                {
                    return null;
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>Parses the body; on failure returns <see langword="null"/> and a message naming the problem.</summary>
    public static ExecuteRequest? Parse(ReadOnlySpan<byte> body, out string? error)
    {
        error = null;
        if (IsBlank(body))
        {
            // No body at all is "no command", exactly as the old slave answered.
            return new ExecuteRequest();
        }

        // System.Text.Json checks UTF-8 only in the strings it decodes: an unknown field's value is skipped unread.
        // The whole body is checked first, so invalid UTF-8 is refused wherever it is, never passed on or replaced.
        if (!Utf8.IsValid(body))
        {
            error = DescribeInvalidUtf8(body);
            return null;
        }

        ExecuteRequest request;
        try
        {
            request = JsonSerializer.Deserialize(body, D8JsonContext.Default.ExecuteRequest) ?? new ExecuteRequest();
        }
        catch (JsonException ex)
        {
            error = Describe(ex);
            return null;
        }

        error = FindNul(request);
        return error is null ? request : null;
    }

    /// <summary>
    /// A NUL character would silently cut a command line or an environment entry at the operating system's boundary
    /// (C strings): the slave would run something else than was sent. Refused, naming the field.
    /// </summary>
    internal static string? FindNul(ExecuteRequest request)
    {
        if (request.Command?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return "'command' contains a NUL character (U+0000), which cannot be passed to a process";
        }

        if (request.WorkingDir?.Contains('\0', StringComparison.Ordinal) == true)
        {
            return "'working_dir' contains a NUL character (U+0000)";
        }

        if (request.Env is { } env)
        {
            foreach (var (name, value) in env)
            {
                if (name.Contains('\0', StringComparison.Ordinal))
                {
                    return $"'env' has a name with a NUL character (U+0000): '{Printable(name)}'";
                }

                if (value?.Contains('\0', StringComparison.Ordinal) == true)
                {
                    return $"'env' entry '{Printable(name)}' has a value with a NUL character (U+0000)";
                }
            }
        }

        return null;
    }

    /// <summary>Names the first invalid byte and, when the JSON can be read that far, the top-level field it is in.</summary>
    internal static string DescribeInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var offset = 0;
        while (offset < body.Length)
        {
            if (Rune.DecodeFromUtf8(body[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                break;
            }

            offset += consumed;
        }

        var field = FieldAt(body, offset);
        var where = field is null ? string.Empty : $" (in '{field}')";
        return $"Invalid UTF-8 in the request body at byte {offset + 1}{where}: the body must be UTF-8 JSON";
    }

    /// <summary>The top-level property whose name or value holds byte <paramref name="offset"/>, if the reader gets there.</summary>
    private static string? FieldAt(ReadOnlySpan<byte> body, int offset)
    {
        var reader = new Utf8JsonReader(body[..offset], isFinalBlock: false, state: default);
        string? current = null;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                {
                    current = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return current;
        }
        catch (InvalidOperationException)
        {
            return current;
        }

        // The reader stopped before the token holding the byte. After a top-level name that token is its value; after
        // the opening brace or a complete top-level value it is the next property's name.
        var insideName = (reader.CurrentDepth == 0 && reader.TokenType == JsonTokenType.StartObject)
            || (reader.CurrentDepth == 1 && reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.StartObject or JsonTokenType.StartArray));
        return insideName ? "a property name" : current;
    }

    private static string Printable(string text) => text.Replace("\0", "\\u0000", StringComparison.Ordinal);

    internal static string Describe(JsonException exception)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        var conversion = exception.Message.Contains("could not be converted", StringComparison.Ordinal);
        if (conversion)
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('.', '[')[0] : null;
            var expected = field switch
            {
                null => "the body must be a JSON object",
                "command" or "working_dir" or "task_id" or "method" or "stdin" => $"'{field}' must be a string",
                "timeout_seconds" => $"'{field}' must be a number",
                "env" => $"'{field}' must be an object whose values are strings",
                _ => $"'{field}' has the wrong type",
            };
            return $"Invalid JSON: {expected} (at {path})";
        }

        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return $"Invalid JSON: {message.TrimEnd('.')} (at {path}, line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1})";
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }
}
