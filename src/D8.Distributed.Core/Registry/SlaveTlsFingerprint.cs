using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace D8.Distributed.Core;

/// <summary>
/// The SHA-256 fingerprint by which the master pins a slave's TLS certificate: 64 lowercase hex digits of the SHA-256
/// hash of the whole certificate (DER), the value d8-slave logs at start and <c>openssl x509 -noout -fingerprint
/// -sha256</c> prints (with colons, which are accepted).
/// </summary>
public static class SlaveTlsFingerprint
{
    /// <summary>The number of hex digits of a fingerprint.</summary>
    public const int Length = 64;

    /// <summary>Computes the fingerprint of a certificate.</summary>
    /// <param name="certificate">The certificate the slave presented.</param>
    /// <returns>64 lowercase hex digits.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="certificate"/> is <see langword="null"/>.</exception>
    public static string Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.GetRawCertData()));
    }

    /// <summary>
    /// Reads a fingerprint as an operator writes it: hex digits in either case, optionally separated by colons or
    /// spaces, optionally prefixed with <c>sha256:</c> or <c>SHA256 Fingerprint=</c>.
    /// </summary>
    /// <param name="text">The text to read.</param>
    /// <param name="fingerprint">The fingerprint, 64 lowercase hex digits, when the text is one.</param>
    /// <returns><see langword="true"/> when <paramref name="text"/> is a SHA-256 fingerprint.</returns>
    public static bool TryNormalize(string? text, [NotNullWhen(true)] out string? fingerprint)
    {
        fingerprint = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text.Trim();
        var equals = value.LastIndexOf('=');
        if (equals >= 0)
        {
            value = value[(equals + 1)..];
        }
        else if (value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase))
        {
            value = value["sha256:".Length..];
        }

        Span<char> digits = stackalloc char[Length];
        var count = 0;
        foreach (var c in value)
        {
            if (c is ':' or ' ')
            {
                continue;
            }

            if (!char.IsAsciiHexDigit(c) || count == Length)
            {
                return false;
            }

            digits[count++] = char.ToLowerInvariant(c);
        }

        if (count != Length)
        {
            return false;
        }

        fingerprint = new string(digits);
        return true;
    }
}
