using System.Text;
using D8.Distributed.Slave.Internal;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class CappedOutputCollectorTests
{
    [Fact]
    public void Snapshot_CapCutsAMultiByteCharacter_DropsTheHalfCharacter()
    {
        var collector = new CappedOutputCollector(5);

        collector.Append(Encoding.UTF8.GetBytes("abcé€"));

        Assert.Equal(("abcé", true), collector.Snapshot());
    }

    [Fact]
    public async Task DrainAsync_ReadsPastTheCap_AndKeepsOnlyTheCap()
    {
        var collector = new CappedOutputCollector(3);
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(new string('a', 100_000)));

        await collector.DrainAsync(stream, CancellationToken.None);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(("aaa", true), collector.Snapshot());
    }

    [Theory]
    [InlineData(new byte[] { 0x61 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3 }, 1)]
    [InlineData(new byte[] { 0x61, 0xC3, 0xA9 }, 3)]
    [InlineData(new byte[] { 0xE2, 0x82 }, 0)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, 4)]
    [InlineData(new byte[] { 0xF0, 0x9F, 0x98 }, 0)]
    public void CompleteUtf8Length_VariousEndings_CutsOnlyIncompleteCharacters(byte[] bytes, int expected)
    {
        Assert.Equal(expected, CappedOutputCollector.CompleteUtf8Length(bytes));
    }
}
