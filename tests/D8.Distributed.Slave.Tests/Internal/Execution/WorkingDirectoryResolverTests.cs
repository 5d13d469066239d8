using D8.Distributed.Slave.Internal;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class WorkingDirectoryResolverTests : IDisposable
{
    private readonly TempDirectory _root = new("d8-root");
    private readonly TempDirectory _outside = new("d8-outside");

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    [Fact]
    public void Resolve_SymlinkLeadingOutOfTheWorkspace_IsRefused()
    {
        Directory.CreateSymbolicLink(_root.Combine("escape"), _outside.Path);
        var resolver = new WorkingDirectoryResolver(Options.Create(new D8SlaveOptions { WorkspaceRoot = _root.Path }));

        Assert.Null(resolver.Resolve("escape", out var error));
        Assert.Contains("outside the workspace root", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoneRequested_UsesTheDefault()
    {
        Directory.CreateDirectory(_root.Combine("default"));
        var resolver = new WorkingDirectoryResolver(Options.Create(new D8SlaveOptions { WorkspaceRoot = _root.Path, DefaultWorkingDirectory = _root.Combine("default") }));

        Assert.Equal(_root.Combine("default"), resolver.Resolve(null, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("/srv/work", "/srv/work", true)]
    [InlineData("/srv/work/a/b", "/srv/work", true)]
    [InlineData("/srv/work/", "/srv/work", true)]
    [InlineData("/srv/workshop", "/srv/work", false)]
    [InlineData("/srv", "/srv/work", false)]
    public void IsInside_Paths_ComparesWholeSegments(string path, string root, bool expected)
    {
        Assert.Equal(expected, WorkingDirectoryResolver.IsInside(path, root));
    }
}
