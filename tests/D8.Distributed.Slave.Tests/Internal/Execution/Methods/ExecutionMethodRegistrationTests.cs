using D8.Distributed.Contracts;
using D8.Distributed.Slave.Internal;
using D8.Distributed.Slave.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class ExecutionMethodRegistrationTests
{
    [Fact]
    public void AddD8Slave_ExecutionMethods_AreDockerVenvPythonShellInThatOrder()
    {
        using var services = new SlaveServices();

        var methods = services.GetAll<IExecutionMethod>().ToList();

        Assert.Equal([ExecutionMethod.Docker, ExecutionMethod.Venv, ExecutionMethod.Python, ExecutionMethod.Shell], methods.Select(m => m.Name));
        Assert.Equal([true, true, true, false], methods.Select(m => m.ChosenByAuto));
    }

    [Fact]
    public void AddD8Slave_CalledTwice_RegistersEachMethodOnce()
    {
        using var services = new SlaveServices(extra: s => s.AddD8Slave());

        Assert.Equal(4, services.GetAll<IExecutionMethod>().Count());
    }

    [Fact]
    public void AddD8Slave_EveryMethod_NamesWhatItNeeds()
    {
        using var services = new SlaveServices();

        Assert.All(services.GetAll<IExecutionMethod>(), method => Assert.StartsWith(method.Name == ExecutionMethod.Python ? "no python" : method.Name, method.Requirement, StringComparison.Ordinal));
    }

    [Fact]
    public void AddD8Slave_AnExtraMethodRegisteredAfterwards_ComesAfterTheBuiltInOnes()
    {
        using var services = new SlaveServices(extra: s => s.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionMethod, EchoMethod>()));

        var snapshot = services.Get<CapabilityProbe>().Current;

        Assert.Equal([ExecutionMethod.Docker, ExecutionMethod.Venv, ExecutionMethod.Python, ExecutionMethod.Shell, EchoMethod.MethodName], snapshot.Methods.Select(s => s.Method.Name));
    }
}
