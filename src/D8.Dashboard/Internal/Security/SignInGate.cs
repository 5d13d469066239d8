using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace D8.Dashboard.Internal;

/// <summary>
/// Checks passwords one at a time in constant time; a failed attempt keeps the gate closed for
/// <see cref="D8DashboardOptions.FailedSignInDelay"/>, so guesses cannot be made faster than one per delay, even in parallel.
/// </summary>
internal sealed class SignInGate(IOptions<D8DashboardOptions> options, TimeProvider timeProvider) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<bool> CheckAsync(string? attempt, CancellationToken cancellationToken)
    {
        var value = options.Value;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Matches(value.Password, attempt))
            {
                return true;
            }

            await Task.Delay(value.FailedSignInDelay, timeProvider, cancellationToken).ConfigureAwait(false);
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static bool Matches(string? expected, string? attempt)
    {
        if (string.IsNullOrEmpty(expected) || attempt is null)
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison time says nothing about the password's length or content.
        var left = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var right = SHA256.HashData(Encoding.UTF8.GetBytes(attempt));
        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    public void Dispose() => _gate.Dispose();
}
