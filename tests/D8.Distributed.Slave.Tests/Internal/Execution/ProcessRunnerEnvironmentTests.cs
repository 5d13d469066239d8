using D8.Distributed.Slave.Internal;

namespace D8.Distributed.Slave.Tests.Internal.Execution;

public sealed class ProcessRunnerEnvironmentTests
{
    [Theory]
    [InlineData("SLAVE_TOKEN")]
    [InlineData("SLAVE_AUTH_TOKEN")]
    [InlineData("SLAVE_TOKEN_FILE")]
    [InlineData("SLAVE_AUTH_TOKEN_FILE")]
    [InlineData("TELEGRAM_TOKEN")]
    [InlineData("TELEGRAM_TOKEN_FILE")]
    [InlineData("D8_API_TOKEN")]
    [InlineData("D8_API_TOKEN_FILE")]
    [InlineData("CREDENTIALS_DIRECTORY")]
    [InlineData("D8__Slave__AuthToken")]
    [InlineData("d8__slave__authtoken")]
    [InlineData("D8__Master__Token")]
    public void IsHidden_SecretsAndD8Settings_AreKeptFromTasks(string name) => Assert.True(ProcessRunner.IsHidden(name));

    [Theory]
    [InlineData("PATH")]
    [InlineData("HOME")]
    [InlineData("D8_DATA_DIR_OF_MY_APP")]
    [InlineData("PYTHONPATH")]
    public void IsHidden_OtherVariables_AreInherited(string name) => Assert.False(ProcessRunner.IsHidden(name));
}
