using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using McpConsole.TestSupport;

namespace McpConsole.Web.Tests.Infrastructure;

public sealed partial class OperationalEndpointTests(ConsoleAppFixture app) : IClassFixture<ConsoleAppFixture>
{
    [Fact]
    public async Task Health_IsAnonymous200()
    {
        var response = await app.Factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_IsAnonymous200_WhenDatabaseAndJobsAnswer()
    {
        var client = app.Factory.CreateClient();
        // The Hangfire server registers itself a moment after start; readiness must follow, not guess.
        HttpResponseMessage response;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            response = await client.GetAsync("/ready");
            if (response.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_WithoutKey_Is401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Factory.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_WithBearerKey_IsValidPrometheusText_WithProcessAndHttpMetrics()
    {
        var client = app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("Authorization", "Bearer " + ConsoleAppFactory.BootstrapKey);
        await client.GetAsync("/api/me");
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType);

        var text = await response.Content.ReadAsStringAsync();
        var types = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE "))
            {
                var parts = line.Split(' ');
                types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#'))
                continue;
            Assert.Matches(SampleLine(), line);
        }
        Assert.Equal("counter", types["process_cpu_seconds_total"]);
        Assert.Equal("gauge", types["process_working_set_bytes"]);
        Assert.Equal("histogram", types["http_request_duration_seconds"]);
        Assert.Contains("endpoint=\"/api/me\"", text);
    }

    // name{labels} value [timestamp], as in the Prometheus text exposition format.
    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)( -?[0-9]+)?$""")]
    private static partial Regex SampleLine();
}
