using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// Checks <c>Authorization: Bearer &lt;token&gt;</c> in constant time: the comparison visits every byte of the presented
/// token once, whatever its content and wherever it first differs, so its time depends on the presented length only
/// (which the caller knows) and tells nothing about the expected token, not even its length.
/// </summary>
/// <remarks>No SHA-256 (it was hashed before): on Linux every hash goes through OpenSSL, and loading libcrypto for this
/// alone put 3.7 MB on the idle RSS of a plain-HTTP slave (docs/performance.md, footprint).</remarks>
internal sealed class BearerTokenAuthenticator(IOptions<D8SlaveOptions> options)
{
    private const string Scheme = "Bearer ";

    private readonly byte[] _expected = Encoding.UTF8.GetBytes(options.Value.AuthToken ?? string.Empty);

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

    internal bool IsExpected(ReadOnlySpan<char> presented) => FixedTimeEquals(_expected, Encoding.UTF8.GetBytes(presented.ToArray()));

    /// <summary>Whether <paramref name="presented"/> equals <paramref name="expected"/>, in a time that depends on
    /// <paramref name="presented"/>'s length only: no early exit, and the expected bytes are read cyclically.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.NoOptimization)]
    private static bool FixedTimeEquals(byte[] expected, byte[] presented)
    {
        if (expected.Length == 0)
        {
            return false;
        }

        var difference = expected.Length ^ presented.Length;
        for (var i = 0; i < presented.Length; i++)
        {
            difference |= presented[i] ^ expected[i % expected.Length];
        }

        return difference == 0;
    }
}
