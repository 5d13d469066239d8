using System.Net;
using System.Net.Sockets;
using D8.Distributed.Contracts;

namespace D8.Distributed.Cli.Internal;

/// <summary>
/// The running master a verb talks to: its URL (<c>--master</c>, else <c>D8:Cli:MasterUrl</c>, else
/// <c>http://127.0.0.1:7500</c>), the token (<c>D8:Cli:ApiToken</c>), and whether it answers. A quick probe of
/// <c>/healthz</c> decides: a refused connection is "offline" at once, a master that does not answer within
/// <see cref="CliSettings.ProbeTimeout"/> (2 s) is offline too.
/// </summary>
internal sealed class MasterConnection : IDisposable
{
    public const string RefusedTokenMessage = "the master refused the token (set D8_API_TOKEN or D8:Cli:ApiToken)";

    private readonly HttpClient _http;

    private readonly TimeSpan _probeTimeout;

    private MasterConnection(Uri url, HttpClient http, D8MasterClient client, TimeSpan probeTimeout)
    {
        Url = url;
        _probeTimeout = probeTimeout;
        _http = http;
        Client = client;
    }

    /// <summary>Gets the master's URL as the operator wrote it (normalised).</summary>
    public Uri Url { get; }

    /// <summary>Gets the client of the master API.</summary>
    public D8MasterClient Client { get; }

    /// <summary>Gets why the probe found no master (<see langword="null"/> when it answered).</summary>
    public string? OfflineReason { get; private set; }

    /// <summary>Gets whether the master answered the probe.</summary>
    public bool IsOnline => OfflineReason is null;

    /// <summary>The master named by <paramref name="option"/> or the configuration, not probed yet.</summary>
    /// <exception cref="CliUsageException">The URL is not an absolute http(s) URL.</exception>
    public static MasterConnection Create(string? option, CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (text, source) = string.IsNullOrWhiteSpace(option) ? (settings.MasterUrl, "D8:Cli:MasterUrl") : (option, "--master");
        var url = Parse(text, source);
        var http = new HttpClient(new SocketsHttpHandler
        {
            // The master sits on this machine or the local network: a machine-wide proxy would only get in the way.
            UseProxy = false,
            ConnectTimeout = settings.ProbeTimeout,
        })
        {
            BaseAddress = url,
            // Long polls are at most 30 s each (D8MasterClient); the default 100 s stays the bound of one call.
        };
        return new MasterConnection(url, http, new D8MasterClient(http, settings.ApiToken), settings.ProbeTimeout);
    }

    /// <summary>Asks <c>/healthz</c> once; afterwards <see cref="IsOnline"/> says whether the master answered.</summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_probeTimeout);
        try
        {
            await Client.GetHealthAsync(deadline.Token).ConfigureAwait(false);
            OfflineReason = null;
        }
        catch (HttpRequestException ex)
        {
            OfflineReason = ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused } ? "connection refused" : ex.Message;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            OfflineReason = $"no answer within {_probeTimeout.TotalSeconds:0.###} s";
        }
        catch (D8MasterApiException ex)
        {
            // Something answers there, but not a serving D8 master (another program, or a master that is stopping).
            OfflineReason = ex.Message;
        }

        return IsOnline;
    }

    /// <summary>
    /// What a failure of a call to the master means to the operator: a refused token says which setting to fix; a
    /// master that went away names its URL. Anything else is returned as it is.
    /// </summary>
    public Exception Explain(Exception exception) => exception switch
    {
        D8MasterApiException { StatusCode: HttpStatusCode.Unauthorized } => new InvalidOperationException(RefusedTokenMessage),
        HttpRequestException => new HttpRequestException($"the master at {Url} stopped answering: {exception.Message}", exception),
        _ => exception,
    };

    public void Dispose() => _http.Dispose();

    private static Uri Parse(string text, string source)
    {
        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(url.Host)
            || url.Query.Length > 0
            || url.Fragment.Length > 0)
        {
            throw new CliUsageException($"{source} '{text}' is not a master URL: give http(s)://host:port, for example {CliSettings.DefaultMasterUrl}");
        }

        return url;
    }
}
