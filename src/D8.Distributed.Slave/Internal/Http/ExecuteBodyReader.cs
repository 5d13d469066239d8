using System.Buffers;
using System.Text.Json;
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

        try
        {
            return JsonSerializer.Deserialize(body, D8JsonContext.Default.ExecuteRequest) ?? new ExecuteRequest();
        }
        catch (JsonException ex)
        {
            error = Describe(ex);
            return null;
        }
    }

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
