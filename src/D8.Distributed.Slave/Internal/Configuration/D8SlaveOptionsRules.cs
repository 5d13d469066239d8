using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Internal;

/// <summary>Rules of <see cref="D8SlaveOptions"/> that span several members or need the file system.</summary>
internal sealed class D8SlaveOptionsRules : IValidateOptions<D8SlaveOptions>
{
    public ValidateOptionsResult Validate(string? name, D8SlaveOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.DefaultTimeoutSeconds > options.MaxTimeoutSeconds)
        {
            failures.Add($"D8:Slave:DefaultTimeoutSeconds ({options.DefaultTimeoutSeconds}) must not exceed D8:Slave:MaxTimeoutSeconds ({options.MaxTimeoutSeconds}).");
        }

        if (options.WorkspaceRoot is { } root && !Directory.Exists(root))
        {
            failures.Add($"D8:Slave:WorkspaceRoot '{root}' does not exist.");
        }

        if (options.DefaultWorkingDirectory is { } workingDirectory)
        {
            if (!Directory.Exists(workingDirectory))
            {
                failures.Add($"D8:Slave:DefaultWorkingDirectory '{workingDirectory}' does not exist.");
            }
            else if (options.WorkspaceRoot is { } workspace && Directory.Exists(workspace)
                && !WorkingDirectoryResolver.IsInside(Path.GetFullPath(workingDirectory), Path.GetFullPath(workspace)))
            {
                failures.Add($"D8:Slave:DefaultWorkingDirectory '{workingDirectory}' lies outside D8:Slave:WorkspaceRoot '{workspace}'.");
            }
        }

        if (options.ConfigureKestrel && !SlaveKestrelSetup.TryParseHost(options.Host, out _))
        {
            failures.Add($"D8:Slave:Host '{options.Host}' is not an IP address or 'localhost' (0.0.0.0 listens on every IPv4 interface, :: on every interface).");
        }

        if (options.Https && !options.ConfigureKestrel)
        {
            failures.Add("D8:Slave:Https needs D8:Slave:ConfigureKestrel (the application that maps the slave API configures its own HTTPS endpoint otherwise).");
        }

        foreach (var (key, path) in new[] { ("CertificatePath", options.CertificatePath), ("CertificateKeyPath", options.CertificateKeyPath), ("CertificatePasswordFile", options.CertificatePasswordFile) })
        {
            if (path is { Length: > 0 } && !File.Exists(path))
            {
                failures.Add($"D8:Slave:{key} '{path}' does not exist.");
            }
        }

        if (options.CertificateKeyPath is { Length: > 0 } && options.CertificatePath is not { Length: > 0 })
        {
            failures.Add("D8:Slave:CertificateKeyPath needs D8:Slave:CertificatePath.");
        }

        if (options.DockerImage is { Length: > 0 } image && image.StartsWith('-'))
        {
            failures.Add($"D8:Slave:DockerImage '{image}' must not start with '-'.");
        }

        if (options.DockerNetwork is { Length: > 0 } network && network.StartsWith('-'))
        {
            failures.Add($"D8:Slave:DockerNetwork '{network}' must not start with '-'.");
        }

        if (options.DockerMemory is { } memory && !DockerMethod.IsMemoryLimit(memory))
        {
            failures.Add($"D8:Slave:DockerMemory '{memory}' is not a docker memory size: a number with an optional unit b, k, m or g (for example 512m or 2g).");
        }

        foreach (var capability in options.Capabilities)
        {
            if (string.IsNullOrWhiteSpace(capability))
            {
                failures.Add("D8:Slave:Capabilities must not contain empty entries.");
                break;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
