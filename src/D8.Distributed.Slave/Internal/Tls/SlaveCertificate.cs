using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>
/// The HTTPS certificate of the slave: the configured file (PKCS#12, or PEM certificate and key), or a self-signed
/// ECDSA P-256 certificate generated once, written with 0600 rights into the data folder and reused on every restart
/// (a new one each start would make every pinning master refuse the slave).
/// </summary>
internal sealed class SlaveCertificate(IOptions<D8SlaveOptions> options, TimeProvider time, ILogger<SlaveCertificate> logger)
{
    internal const string GeneratedFileName = "certificate.pfx";

    private readonly Lock _gate = new();
    private X509Certificate2? _certificate;

    /// <summary>The certificate, loaded (or generated) on first use; its fingerprint is logged then.</summary>
    public X509Certificate2 Get()
    {
        lock (_gate)
        {
            if (_certificate is null)
            {
                var value = options.Value;
                var (certificate, source) = value.CertificatePath is { Length: > 0 } path ? (Load(value, path), path) : LoadOrGenerate(value);
                Log.HttpsCertificate(logger, source, Fingerprint(certificate));
                _certificate = certificate;
            }

            return _certificate;
        }
    }

    /// <summary>The SHA-256 fingerprint as lowercase hex, the form <c>d8-master slaves add --fingerprint</c> takes.</summary>
    internal static string Fingerprint(X509Certificate2 certificate) =>
        certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant();

    internal static string GeneratedPath(D8SlaveOptions options) =>
        Path.Combine(DataDirectory(options), "slave", "tls", GeneratedFileName);

    private static string DataDirectory(D8SlaveOptions options) =>
        options.DataDirectory is { Length: > 0 } directory
            ? directory
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), "Documents", "d8_data");

    private static X509Certificate2 Load(D8SlaveOptions options, string path)
    {
        var password = options.CertificatePasswordFile is { Length: > 0 } passwordFile
            ? File.ReadAllText(passwordFile).TrimEnd('\r', '\n')
            : null;
        var extension = Path.GetExtension(path);
        if (extension.Equals(".pfx", StringComparison.OrdinalIgnoreCase) || extension.Equals(".p12", StringComparison.OrdinalIgnoreCase))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password);
        }

        var keyPath = options.CertificateKeyPath is { Length: > 0 } key ? key : path;
        return password is null
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509Certificate2.CreateFromEncryptedPemFile(path, password, keyPath);
    }

    private (X509Certificate2 Certificate, string Source) LoadOrGenerate(D8SlaveOptions options)
    {
        var path = GeneratedPath(options);
        if (File.Exists(path))
        {
            return (X509CertificateLoader.LoadPkcs12FromFile(path, password: null), path);
        }

        var pfx = Generate(options, time.GetUtcNow());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        // Created with 0600 from the start (never readable by others, not even for a moment), then renamed into place.
        var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, fileOptions))
        {
            stream.Write(pfx);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: false);
        Log.CertificateGenerated(logger, path);
        return (X509CertificateLoader.LoadPkcs12(pfx, password: null), path);
    }

    internal static byte[] Generate(D8SlaveOptions options, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={Environment.MachineName} (d8-slave)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        if (IPAddress.TryParse(options.Host, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
        {
            names.AddIpAddress(address);
        }

        foreach (var name in options.CertificateHostNames)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                names.AddIpAddress(ip);
            }
            else
            {
                names.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        // Long-lived: the master trusts it by its pinned fingerprint, not by its dates or a chain.
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(20));
        return certificate.Export(X509ContentType.Pfx);
    }
}
