using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace D8.Distributed.Slave.Tests.Infrastructure;

public sealed class TestHostEnvironment(string contentRoot) : IHostEnvironment
{
    public string EnvironmentName { get; set; } = "Testing";

    public string ApplicationName { get; set; } = "tests";

    public string ContentRootPath { get; set; } = contentRoot;

    public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
}
