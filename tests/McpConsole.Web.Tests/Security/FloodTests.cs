using System.Net;
using System.Net.Http.Json;
using McpConsole.TestSupport;

namespace McpConsole.Web.Tests.Security;

/// <summary>A console with small limits: 3 login posts and 3 failed keys per address per 30 s.</summary>
public sealed class LimitedConsoleFixture : IAsyncLifetime
{
    public ConsoleAppFactory Factory { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["McpConsole:Security:LoginAttemptsPerWindow"] = "3",
            ["McpConsole:Security:AuthFailuresPerWindow"] = "3",
            ["McpConsole:Security:RateLimitWindow"] = "00:00:30",
            ["McpConsole:Probing:Enabled"] = "false",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

/// <summary>
/// Issue 15, item 8: no limit on login posts or wrong API keys, and an audit row for every wrong key (even on /health).
/// The test server gives every request the same (empty) client address, so each test uses its own console.
/// </summary>
public sealed class LoginFloodTests(LimitedConsoleFixture app) : IClassFixture<LimitedConsoleFixture>
{
    [Fact]
    public async Task LoginPosts_BeyondTheLimit_Get429WithRetryAfter()
    {
        var browser = BrowserSession.Anonymous(app.Factory);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await BrowserSession.PostLoginFormAsync(browser, "admin", "wrong-password")).StatusCode);

        var limited = await BrowserSession.PostLoginFormAsync(browser, "admin", ConsoleAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        Assert.Contains("Too many login attempts", await limited.Content.ReadAsStringAsync());
    }
}

public sealed class KeyFloodTests(LimitedConsoleFixture app) : IClassFixture<LimitedConsoleFixture>
{
    [Fact]
    public async Task WrongKeys_BeyondTheLimit_Get429WithRetryAfter_EvenWithARightKey()
    {
        var guesser = Client("guessed-key-000000000000000");
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.GetAsync("/api/me")).StatusCode);

        var limited = await guesser.GetAsync("/api/me");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        // The address is held back, whatever key it tries next.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await Client(ConsoleAppFactory.BootstrapKey).GetAsync("/api/me")).StatusCode);
    }

    private HttpClient Client(string key)
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}

public sealed class SampledKeyAuditTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task UnknownKeysOnHealth_AreAuditedOncePerAddressAndMinute()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "probe-with-a-stale-key-0000000");
        for (var i = 0; i < 15; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        var audit = await app.AdminClient().GetFromJsonAsync<AuditResultsDto>("/api/audit?action=apikey.used&failuresOnly=true&take=500");
        Assert.Single(audit!.Items, e => e.Details!.StartsWith("unknown key", StringComparison.Ordinal));
    }
}

/// <summary>Failed keys audited at most every 2 s, no rate limit in the way.</summary>
public sealed class ShortAuditIntervalFixture : IAsyncLifetime
{
    public ConsoleAppFactory Factory { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["McpConsole:Security:FailedKeyAuditInterval"] = "00:00:02",
            ["McpConsole:Probing:Enabled"] = "false",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await Factory.DisposeAsync();
}

public sealed class SampledKeyCountTests(ShortAuditIntervalFixture app) : IClassFixture<ShortAuditIntervalFixture>
{
    [Fact]
    public async Task TheNextAuditRow_CountsTheFailuresLeftOut()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "probe-with-a-stale-key-1111111");
        for (var i = 0; i < 3; i++)
            await client.GetAsync("/health");
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await client.GetAsync("/health");

        var audit = await app.Factory.CreateClient().SendAsync(AdminRequest("/api/audit?action=apikey.used&failuresOnly=true&take=500"));
        var rows = (await audit.Content.ReadFromJsonAsync<AuditResultsDto>())!.Items;
        Assert.Equal(2, rows.Count);
        Assert.Equal("unknown key; 2 more failed key attempts from this address since the previous entry", rows[0].Details);
    }

    private static HttpRequestMessage AdminRequest(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", ConsoleAppFactory.BootstrapKey);
        return request;
    }
}
