using Microsoft.Extensions.DependencyInjection;

namespace D8.Distributed.Slave.Tests.Infrastructure;

/// <summary>The slave's services from the real <c>AddD8Slave</c> registration, without a web server: for tests of internal parts.</summary>
public sealed class SlaveServices : IDisposable
{
    private readonly ServiceProvider _provider;

    /// <param name="configure">Sets the options (the token is set already).</param>
    /// <param name="extra">Registers more services after <c>AddD8Slave</c> (an extra execution method, a time provider).</param>
    public SlaveServices(Action<D8SlaveOptions>? configure = null, Action<IServiceCollection>? extra = null)
    {
        var services = new ServiceCollection().AddLogging();
        services.AddD8Slave(options =>
        {
            options.AuthToken = "t";
            configure?.Invoke(options);
        });
        extra?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public IEnumerable<T> GetAll<T>() where T : notnull => _provider.GetServices<T>();

    public void Dispose() => _provider.Dispose();
}
