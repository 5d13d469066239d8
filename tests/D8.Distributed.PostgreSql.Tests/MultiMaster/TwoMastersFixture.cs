namespace D8.Distributed.PostgreSql.Tests.MultiMaster;

/// <summary>
/// One pair of masters for the tests that leave both running. The queue's poll interval is 30 s, so what reaches the
/// other master within seconds can only have come through the task change feed (LISTEN/NOTIFY).
/// </summary>
public sealed class TwoMastersFixture : IAsyncLifetime
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["D8__Master__Queue__PollInterval"] = "00:00:30",
    };

    public MasterPair Pair { get; private set; } = null!;

    public async Task InitializeAsync() => Pair = await MasterPair.StartAsync(slaveSlots: 8, Settings);

    public async Task DisposeAsync()
    {
        if (Pair is not null)
        {
            await Pair.DisposeAsync();
        }
    }
}
