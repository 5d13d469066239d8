using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using D8.Distributed.Core;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// Learns the certificate an HTTPS slave presents (trust on first use for <c>slaves add --https</c> and
/// <c>slaves trust</c>): one TCP connection and a TLS handshake, no HTTP request, any certificate accepted, since the
/// point is to read it. Failures are one line saying what went wrong (unreachable, not TLS, no answer).
/// </summary>
internal static class SlaveCertificateProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The SHA-256 fingerprint of the certificate <paramref name="host"/>:<paramref name="port"/> presents.</summary>
    /// <exception cref="InvalidOperationException">The slave cannot be reached or does not speak TLS.</exception>
    public static async Task<string> FingerprintAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var where = $"{host}:{port}";
        using var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException($"cannot reach the slave at {where} to learn its certificate: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"cannot reach the slave at {where} to learn its certificate: no answer within {Timeout.TotalSeconds:0} s", ex);
        }

        string? presented = null;
        var stream = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                await stream.AuthenticateAsClientAsync(
                    new SslClientAuthenticationOptions
                    {
                        TargetHost = host,

                        // Reading the certificate is the point: it is shown to the operator and pinned, never trusted by a CA.
                        RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                        {
                            presented = certificate is null ? null : SlaveTlsFingerprint.Of(certificate);
                            return presented is not null;
                        },
                    },
                    timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AuthenticationException or IOException)
            {
                throw new InvalidOperationException(
                    $"the slave at {where} does not speak TLS (is D8:Slave:Https on there, and is this its port?): {ex.Message}", ex);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new InvalidOperationException($"the slave at {where} did not complete a TLS handshake within {Timeout.TotalSeconds:0} s (is it serving HTTPS?)", ex);
            }
        }

        return presented ?? throw new InvalidOperationException($"the slave at {where} presented no certificate");
    }
}
