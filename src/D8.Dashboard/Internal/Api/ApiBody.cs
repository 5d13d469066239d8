using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace D8.Dashboard.Internal;

/// <summary>
/// Reads a JSON body of the master API strictly: bounded in size, valid UTF-8, a JSON object of the contract's types.
/// The content type is not checked (<c>curl -d</c> sends a form type), the content is. Every refusal names the problem.
/// </summary>
internal static class ApiBody
{
    /// <summary>The largest body accepted: a task's command, stdin and environment fit in the slave's own limit.</summary>
    public const int MaxBytes = 1024 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the body; an empty body is <paramref name="empty"/> (for actions whose every field is optional).</summary>
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, Func<T> empty, CancellationToken cancellationToken)
        where T : class
    {
        var body = await ReadBytesAsync(request, cancellationToken).ConfigureAwait(false);
        if (IsBlank(body))
        {
            return empty();
        }

        try
        {
            _ = StrictUtf8.GetCharCount(body);
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.BadRequest("Invalid body: it is not valid UTF-8 (JSON must be UTF-8).");
        }

        try
        {
            return JsonSerializer.Deserialize(body, typeInfo) ?? empty();
        }
        catch (JsonException ex)
        {
            throw ApiException.BadRequest(Describe(ex));
        }
    }

    internal static string Describe(JsonException exception)
    {
        var path = string.IsNullOrEmpty(exception.Path) ? "$" : exception.Path;
        if (exception.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..].Split('.', '[')[0] : null;
            var expected = field switch
            {
                null => "the body must be a JSON object",
                "priority" or "max_retries" or "port" => $"'{field}' must be a whole number",
                "timeout_seconds" or "estimated_cost" or "actual_cost" => $"'{field}' must be a number",
                "capabilities" or "options" => $"'{field}' must be a list of strings",
                "env" => $"'{field}' must be an object whose values are strings",
                "expires_at" => $"'{field}' must be an ISO 8601 date and time (2026-01-31T18:00:00+01:00)",
                _ => $"'{field}' must be a string",
            };
            return $"Invalid JSON: {expected} (at {path}).";
        }

        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            message = message[..cut];
        }

        return $"Invalid JSON: {message.TrimEnd('.')} (at {path}, line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).";
    }

    private static async Task<byte[]> ReadBytesAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = MaxBytes + 1L;
        }

        var body = new ArrayBufferWriter<byte>(16 * 1024);
        try
        {
            while (true)
            {
                var read = await request.Body.ReadAsync(body.GetMemory(8 * 1024), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return body.WrittenSpan.ToArray();
                }

                body.Advance(read);
                if (body.WrittenCount > MaxBytes)
                {
                    throw TooLarge();
                }
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge();
        }
    }

    private static ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {MaxBytes / 1024 / 1024} MiB.");

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
