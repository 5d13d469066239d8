using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;token&gt;</c> in constant time. Both sides are hashed with SHA-256 first, so the
/// comparison takes the same time whatever the presented token's length or content.
/// </summary>
internal sealed class BearerTokenAuthenticator(IOptions<D8SlaveOptions> options)
{
    private const string Scheme = "Bearer ";

    private readonly byte[] _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(options.Value.AuthToken ?? string.Empty));

    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var headers = request.Headers.Authorization;
        if (headers.Count != 1 || headers[0] is not { } header
            || !header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = header.AsSpan(Scheme.Length).Trim();
        if (presented.IsEmpty)
        {
            return false;
        }

        return IsExpected(presented);
    }

    internal bool IsExpected(ReadOnlySpan<char> presented)
    {
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _expectedHash);
    }
}
