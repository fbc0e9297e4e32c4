using System.Net;
using McpConsole.SampleServer.Tests.Infrastructure;
using ModelContextProtocol.Client;

namespace McpConsole.SampleServer.Tests;

/// <summary>/health, /ready, /role, /promote, /demote and /metrics.</summary>
[Collection(ServerCollection.Name)]
public sealed class HttpEndpointTests
{
    [Fact]
    public async Task Health_Primary_ReportsSeedFieldsAndReady()
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("health");
        var health = await server.GetJsonAsync("health", ct);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        foreach (var field in new[] { "server", "version", "uptime", "memory_usage", "active_connections", "dependencies" })
            Assert.True(health.TryGetProperty(field, out _), $"missing {field}");
        using var ready = await server.Http.GetAsync("ready", ct);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }

    [Fact]
    public async Task Standby_NotReadyUntilPromoted_ThenDemotedWithFencing()
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("failover", "--role", "standby");

        using (var ready = await server.Http.GetAsync("ready", ct)) Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var role = await server.GetJsonAsync("role", ct);
        Assert.Equal("standby", role.GetProperty("role").GetString());
        Assert.False(role.GetProperty("ready").GetBoolean());

        var promoted = await server.PostRoleAsync("promote", "primary", 5, ct);
        Assert.Equal(HttpStatusCode.OK, promoted.Status);
        Assert.Equal("primary", promoted.Body.GetProperty("role").GetString());
        Assert.Equal(5, promoted.Body.GetProperty("epoch").GetInt64());
        using (var ready = await server.Http.GetAsync("ready", ct)) Assert.Equal(HttpStatusCode.OK, ready.StatusCode);

        // Same change repeated (a retry) is accepted; an older epoch is fenced off.
        Assert.Equal(HttpStatusCode.OK, (await server.PostRoleAsync("promote", "primary", 5, ct)).Status);
        var stale = await server.PostRoleAsync("demote", "standby", 4, ct);
        Assert.Equal(HttpStatusCode.Conflict, stale.Status);
        Assert.Equal(5, stale.Body.GetProperty("epoch").GetInt64());
        Assert.Equal("primary", stale.Body.GetProperty("role").GetString());
        // A different role at the same epoch is a conflict too.
        Assert.Equal(HttpStatusCode.Conflict, (await server.PostRoleAsync("demote", "standby", 5, ct)).Status);

        var demoted = await server.PostRoleAsync("demote", "standby", 6, ct);
        Assert.Equal(HttpStatusCode.OK, demoted.Status);
        using (var ready = await server.Http.GetAsync("ready", ct)) Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal(6, (await server.GetJsonAsync("role", ct)).GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task StateFile_RestartedWithRolePrimary_ComesBackStandbyAtStoredEpoch_OlderEpochStillFenced()
    {
        var ct = TestRun.Deadline();
        var file = Path.Combine(Path.GetTempPath(), $"mcp-sample-state-{Guid.NewGuid():N}.json");
        try
        {
            await using (var first = await InProcessServer.StartAsync("state", "--role", "primary", "--state-file", file))
            {
                Assert.Equal("primary", (await first.GetJsonAsync("role", ct)).GetProperty("role").GetString());
                Assert.Equal(HttpStatusCode.OK, (await first.PostRoleAsync("promote", "primary", 3, ct)).Status);
            }

            // Restarted with the same command line, as a supervisor would: standby at epoch 3, not primary.
            await using var restarted = await InProcessServer.StartAsync("state", "--role", "primary", "--state-file", file);
            var role = await restarted.GetJsonAsync("role", ct);
            Assert.Equal("standby", role.GetProperty("role").GetString());
            Assert.Equal(3, role.GetProperty("epoch").GetInt64());
            Assert.Equal(HttpStatusCode.Conflict, (await restarted.PostRoleAsync("promote", "primary", 2, ct)).Status);
            Assert.Equal(HttpStatusCode.OK, (await restarted.PostRoleAsync("promote", "primary", 4, ct)).Status);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Promote_BadBodies_AreRefusedWith400()
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("badbody");
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PostRoleAsync("promote", "standby", 3, ct)).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await server.PostRoleAsync("promote", "primary", 0, ct)).Status);
        Assert.Equal(0, (await server.GetJsonAsync("role", ct)).GetProperty("epoch").GetInt64());
    }

    [Fact]
    public async Task Metrics_AfterTraffic_IsValidExpositionWithSeedNames()
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("metrics");
        await using (var client = await Clients.ConnectHttpAsync(server, Transport.StreamableHttp, Clients.Nov2025, ct))
        {
            await client.ListToolsAsync(cancellationToken: ct);
            await client.ListToolsAsync(cancellationToken: ct);
            await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "x" }, cancellationToken: ct);
        }

        using var response = await server.Http.GetAsync("metrics", ct);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var (types, samples) = PrometheusParser.Parse(await response.Content.ReadAsStringAsync(ct));

        Assert.Equal("counter", types["mcp_requests_total"]);
        Assert.Equal("histogram", types["mcp_request_duration_seconds"]);
        Assert.Equal("gauge", types["mcp_active_connections"]);
        Assert.Equal("gauge", types["mcp_server_memory_bytes"]);
        Assert.Equal("counter", types["process_cpu_seconds_total"]);
        Assert.Equal("gauge", types["process_resident_memory_bytes"]);

        var listTools = Assert.Single(samples, s => s.Name == "mcp_requests_total" && s.Labels["method"] == "tools/list");
        Assert.Equal(2, listTools.Value);
        Assert.StartsWith(TestRun.Marker, listTools.Labels["server"]);
        Assert.Equal(1, Assert.Single(samples, s => s.Name == "mcp_requests_total" && s.Labels["method"] == "tools/call").Value);
        Assert.Equal(2, Assert.Single(samples, s => s.Name == "mcp_request_duration_seconds_count" && s.Labels["method"] == "tools/list").Value);
        Assert.Contains(samples, s => s.Name == "mcp_request_duration_seconds_bucket" && s.Labels["le"] == "+Inf");
        Assert.True(Assert.Single(samples, s => s.Name == "process_resident_memory_bytes").Value > 10_000_000);
        Assert.True(Assert.Single(samples, s => s.Name == "process_cpu_seconds_total").Value > 0);
    }

    [Fact]
    public void PrometheusParser_RejectsMalformedText()
    {
        Assert.Throws<FormatException>(() => PrometheusParser.Parse("x 1\n"));
        Assert.Throws<FormatException>(() => PrometheusParser.Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_sum 1\nh_count 2\n"));
        Assert.Throws<FormatException>(() => PrometheusParser.Parse("# TYPE g gauge\ng{a=\"1\"} 1\ng{a=\"1\"} 2\n"));
        var (_, ok) = PrometheusParser.Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n");
        Assert.Equal(4, ok.Count);
    }

    [Fact]
    public async Task ActiveConnections_CountsOpenSseStream()
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("connections");
        await using var client = await Clients.ConnectHttpAsync(server, Transport.Sse, null, ct);
        var health = await server.GetJsonAsync("health", ct);
        Assert.True(health.GetProperty("active_connections").GetInt32() >= 1);
    }
}

[Collection(ServerCollection.Name)]
public sealed class HostGuardTests
{
    [Theory]
    [InlineData("evil.example", null)]
    [InlineData("127.0.0.1", "http://evil.example")]
    public async Task Mcp_ForeignHostOrOrigin_Is403(string host, string? origin)
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("hostguard");
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"ping"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Host = host;
        if (origin is not null) request.Headers.Add("Origin", origin);
        using var response = await server.Http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
