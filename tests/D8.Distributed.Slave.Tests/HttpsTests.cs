using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace D8.Distributed.Slave.Tests;

/// <summary>The slave over HTTPS: a self-signed certificate generated once (0600), reused on restart, fingerprint logged.</summary>
public sealed class HttpsTests
{
    [Fact]
    public async Task Https_NoCertificateFile_GeneratesOneKeepsItPrivateAndReusesItOnRestart()
    {
        using var data = new TempDirectory("d8-slave-tls");

        var (first, firstLogs) = await FingerprintAsync(data.Path);
        var (second, _) = await FingerprintAsync(data.Path);

        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first, second);
        var file = Path.Combine(data.Path, "slave", "tls", "certificate.pfx");
        Assert.True(File.Exists(file), $"{file} was not written");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        Assert.Contains(firstLogs, line => line.Contains(first, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Https_PemCertificateFile_IsServed()
    {
        using var data = new TempDirectory("d8-slave-pem");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=pem-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10));
        var certificatePath = Path.Combine(data.Path, "slave.crt");
        var keyPath = Path.Combine(data.Path, "slave.key");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem());

        var (presented, _) = await FingerprintAsync(data.Path, options =>
        {
            options.CertificatePath = certificatePath;
            options.CertificateKeyPath = keyPath;
        });

        Assert.Equal(certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant(), presented);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "slave")), "a certificate was generated although a file was configured");
    }

    /// <summary>Starts an HTTPS slave, calls /api/health over TLS and returns the presented certificate's fingerprint.</summary>
    private static async Task<(string Fingerprint, List<string> Logs)> FingerprintAsync(string dataDirectory, Action<D8SlaveOptions>? configure = null)
    {
        await using var server = await SlaveServer.StartAsync(
            options =>
            {
                options.ConfigureKestrel = true;
                options.Host = "127.0.0.1";
                options.Port = 0;
                options.Https = true;
                options.DataDirectory = dataDirectory;
                configure?.Invoke(options);
            },
            services: services => services.AddFakeLogging());
        var address = new Uri(server.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Assert.Equal("https", address.Scheme);

        string? presented = null;
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            // The test only records what the slave presents; the master's pinning is tested in Core.
            presented = certificate?.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();
            return presented is not null;
        };
        using var client = new HttpClient(handler) { BaseAddress = address };
        using var response = await client.GetAsync("/api/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var logs = server.App.Services.GetFakeLogCollector().GetSnapshot().Select(record => record.Message).ToList();
        return (presented!, logs);
    }
}
