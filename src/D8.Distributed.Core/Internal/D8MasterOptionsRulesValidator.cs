using Microsoft.Extensions.Options;

namespace D8.Distributed.Core.Internal;

/// <summary>Rules across fields of <see cref="D8MasterOptions"/> that attributes cannot say.</summary>
internal sealed class D8MasterOptionsRulesValidator : IValidateOptions<D8MasterOptions>
{
    public ValidateOptionsResult Validate(string? name, D8MasterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.HealthCheckTimeout > options.HealthCheckInterval)
        {
            failures.Add($"D8:Master:HealthCheckTimeout ({options.HealthCheckTimeout}) must not exceed D8:Master:HealthCheckInterval ({options.HealthCheckInterval}).");
        }

        if (string.IsNullOrWhiteSpace(options.Token) && options.Token is not null)
        {
            failures.Add("D8:Master:Token is blank: set it to the token shared with the slaves (d8-master also reads SLAVE_TOKEN).");
        }

        if (!Enum.IsDefined(options.VersionPolicy))
        {
            failures.Add($"D8:Master:VersionPolicy '{options.VersionPolicy}' is not one of ExactMatch, WarnOnly.");
        }

        foreach (var (id, slave) in options.Slaves)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                failures.Add("D8:Master:Slaves has an entry with an empty id.");
                continue;
            }

            if (slave is null || string.IsNullOrWhiteSpace(slave.Host))
            {
                failures.Add($"D8:Master:Slaves:{id}:Host is required.");
            }

            if (slave is not null && slave.Port is < 1 or > 65535)
            {
                failures.Add($"D8:Master:Slaves:{id}:Port {slave.Port} is not a TCP port (1-65535).");
            }

            if (slave?.TlsFingerprint is { } pin && !SlaveTlsFingerprint.TryNormalize(pin, out _))
            {
                failures.Add($"D8:Master:Slaves:{id}:TlsFingerprint is not a SHA-256 fingerprint ({SlaveTlsFingerprint.Length} hex digits, colons allowed).");
            }
            else if (slave?.TlsFingerprint is not null && !slave.Https)
            {
                failures.Add($"D8:Master:Slaves:{id}:TlsFingerprint needs D8:Master:Slaves:{id}:Https true.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
