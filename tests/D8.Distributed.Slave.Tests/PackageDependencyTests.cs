using D8.Distributed.Contracts;

namespace D8.Distributed.Slave.Tests;

/// <summary>The slave runs on small workers: it references the wire contracts, never the master or its resilience stack.</summary>
public sealed class PackageDependencyTests
{
    [Theory]
    [InlineData("D8.Distributed.Core")]
    [InlineData("Polly")]
    [InlineData("Polly.Core")]
    [InlineData("Microsoft.Extensions.Http.Resilience")]
    [InlineData("Microsoft.Extensions.Resilience")]
    public void SlaveAndContracts_DoNotReference(string assembly)
    {
        var references = typeof(D8SlaveOptions).Assembly.GetReferencedAssemblies()
            .Concat(typeof(ExecuteRequest).Assembly.GetReferencedAssemblies())
            .Select(name => name.Name)
            .ToList();

        Assert.Contains("D8.Distributed.Contracts", references);
        Assert.DoesNotContain(assembly, references);
    }
}
