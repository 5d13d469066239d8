using System.Reflection;
using D8.Distributed.Contracts;
using D8.Testing;

namespace D8.Distributed.Contracts.Tests;

public sealed class D8VersionInfoResolverTests
{
    [Fact]
    public void Resolve_ConfiguredParts_WinOverFileAndAssembly()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("version_info.json"), """{"commit":"filecommit","version":"2.0.0","branch":"filebranch"}""");

        var info = D8VersionInfoResolver.Resolve(new D8VersionInfo("cfgcommit", "", "cfgbranch"), dir.Path, AssemblyWith("1.2.3+asmcommit"));

        Assert.Equal(new D8VersionInfo("cfgcommit", "2.0.0", "cfgbranch"), info);
    }

    [Fact]
    public void Resolve_NoConfiguration_ReadsVersionFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("version_info.json"), """{"commit":"abc1234","version":"1.0.0"}""");

        var info = D8VersionInfoResolver.Resolve(null, dir.Path, AssemblyWith("9.9.9+asmcommit"));

        Assert.Equal(new D8VersionInfo("abc1234", "1.0.0", "unknown"), info);
    }

    [Fact]
    public void Resolve_NoFile_FallsBackToInformationalVersion()
    {
        using var dir = new TempDirectory();

        var info = D8VersionInfoResolver.Resolve(null, dir.Path, AssemblyWith("1.2.3+deadbeef"));

        Assert.Equal(new D8VersionInfo("deadbeef", "1.2.3", "unknown"), info);
    }

    [Fact]
    public void Resolve_NothingKnown_EveryPartIsUnknown()
    {
        var info = D8VersionInfoResolver.Resolve(null, null, AssemblyWith(null));

        Assert.Equal(D8VersionInfo.Unknown, info);
        Assert.Equal("unknown", info.Commit);
    }

    [Fact]
    public void Resolve_CorruptVersionFile_ThrowsNamingTheFile()
    {
        using var dir = new TempDirectory();
        var path = dir.Combine("version_info.json");
        File.WriteAllText(path, "{not json");

        var ex = Assert.Throws<InvalidOperationException>(() => D8VersionInfoResolver.Resolve(null, dir.Path, AssemblyWith(null)));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromAssembly_VersionWithoutCommit_KeepsVersionOnly()
    {
        Assert.Equal(new D8VersionInfo("unknown", "3.0.0", "unknown"), D8VersionInfoResolver.FromAssembly(AssemblyWith("3.0.0")));
    }

    private static ProbeAssembly AssemblyWith(string? informationalVersion) => new(informationalVersion);

    /// <summary>An assembly that carries only the attribute under test (no Reflection.Emit: this project is AOT-analysed).</summary>
    private sealed class ProbeAssembly(string? informationalVersion) : Assembly
    {
        public override object[] GetCustomAttributes(bool inherit) => Attributes();

        public override object[] GetCustomAttributes(Type attributeType, bool inherit) =>
            attributeType.IsAssignableFrom(typeof(AssemblyInformationalVersionAttribute)) ? Attributes() : Array.Empty<Attribute>();

        // Attribute.GetCustomAttributes casts the result to Attribute[].
        private Attribute[] Attributes() =>
            informationalVersion is null ? [] : [new AssemblyInformationalVersionAttribute(informationalVersion)];
    }
}
