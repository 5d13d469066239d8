using D8.Distributed.Slave.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace D8.Distributed.Slave.Tests.Internal;

public sealed class BearerTokenAuthenticatorTests
{
    private readonly BearerTokenAuthenticator _authenticator = new(Options.Create(new D8SlaveOptions { AuthToken = "tökén-1" }));

    [Theory]
    [InlineData("Bearer tökén-1", true)]
    [InlineData("bearer tökén-1", true)]
    [InlineData("Bearer  tökén-1 ", true)]
    [InlineData("Bearer tökén-2", false)]
    [InlineData("Bearer tökén-1x", false)]
    [InlineData("Bearer tökén-", false)]
    [InlineData("Bearer tökén-1tökén-1", false)]
    [InlineData("Bearer Tökén-1", false)]
    [InlineData("Bearer ", false)]
    [InlineData("Basic tökén-1", false)]
    [InlineData("tökén-1", false)]
    [InlineData(null, false)]
    public void IsAuthorized_Header_ComparesTheToken(string? header, bool expected)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers.Authorization = header;
        }

        Assert.Equal(expected, _authenticator.IsAuthorized(context.Request));
    }

    [Fact]
    public void IsAuthorized_TwoAuthorizationHeaders_IsRefused()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Authorization = new(["Bearer tökén-1", "Bearer tökén-1"]);

        Assert.False(_authenticator.IsAuthorized(context.Request));
    }
}
