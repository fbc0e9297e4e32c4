using System.Text.Json;
using McpConsole.SampleServer.Tests.Infrastructure;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpConsole.SampleServer.Tests;

/// <summary>Tools, resources, prompts and health://status over every transport and both protocol generations.</summary>
[Collection(ServerCollection.Name)]
public sealed class McpProtocolTests
{
    public static TheoryData<Transport, string?> Cases => new()
    {
        { Transport.StreamableHttp, null },
        { Transport.StreamableHttp, Clients.Nov2025 },
        { Transport.Sse, null },
        { Transport.Sse, Clients.Nov2025 },
        { Transport.Stdio, null },
        { Transport.Stdio, Clients.Nov2025 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Catalog_ToolsResourcesPrompts_WorkOnEveryTransportAndProtocol(Transport transport, string? version)
    {
        var ct = TestRun.Deadline(60);
        await using var server = transport == Transport.Stdio ? null : await InProcessServer.StartAsync($"proto-{transport}");
        await using var client = server is null
            ? await Clients.ConnectStdioAsync($"proto-{transport}", version, ct)
            : await Clients.ConnectHttpAsync(server, transport, version, ct);

        Assert.Equal(version ?? ExpectedDefaultVersion(transport), client.NegotiatedProtocolVersion);
        Assert.StartsWith(TestRun.Marker, client.ServerInfo?.Name ?? "");
        if (client.NegotiatedProtocolVersion == Clients.Nov2025) await client.PingAsync(cancellationToken: ct);

        var tools = await client.ListToolsAsync(cancellationToken: ct);
        Assert.Equal(["add", "echo", "server_info", "slow"], tools.Select(t => t.Name).Order());

        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "hi there" }, cancellationToken: ct);
        Assert.NotEqual(true, echo.IsError);
        Assert.Equal("hi there", Text(echo));
        var sum = await client.CallToolAsync("add", new Dictionary<string, object?> { ["a"] = 2, ["b"] = 40 }, cancellationToken: ct);
        Assert.Equal("42", Text(sum));
        var slow = await client.CallToolAsync("slow", new Dictionary<string, object?> { ["durationMs"] = 200 }, cancellationToken: ct);
        Assert.Equal("waited 200 ms", Text(slow));

        var resources = await client.ListResourcesAsync(cancellationToken: ct);
        Assert.Contains(resources, r => r.Uri == "health://status");
        var prompts = await client.ListPromptsAsync(cancellationToken: ct);
        Assert.Contains(prompts, p => p.Name == "summarize");

        var health = await ReadHealthAsync(client, ct);
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.StartsWith(TestRun.Marker, health.GetProperty("server").GetString());
        Assert.False(string.IsNullOrEmpty(health.GetProperty("version").GetString()));
        Assert.True(health.GetProperty("uptime").GetDouble() >= 0);
        Assert.True(health.GetProperty("memory_usage").GetDouble() > 1, "memory_usage is in MB");
        Assert.True(health.GetProperty("active_connections").GetInt32() >= 1, "the reading connection itself counts");
        Assert.True(health.GetProperty("dependencies").GetProperty("database").GetBoolean());
    }

    [Fact]
    public async Task SlowTool_CancelledByClientDeadline_SessionStaysUsable()
    {
        var ct = TestRun.Deadline();
        await using var server = await InProcessServer.StartAsync("cancel");
        await using var client = await Clients.ConnectHttpAsync(server, Transport.StreamableHttp, Clients.Nov2025, ct);
        using var shortDeadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            client.CallToolAsync("slow", new Dictionary<string, object?> { ["durationMs"] = 20_000 }, cancellationToken: shortDeadline.Token).AsTask());
        var echo = await client.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "still here" }, cancellationToken: ct);
        Assert.Equal("still here", Text(echo));
    }

    internal static string ExpectedDefaultVersion(Transport transport) => transport == Transport.Sse ? Clients.Nov2025 : Clients.Jul2026;

    internal static string Text(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    internal static async Task<JsonElement> ReadHealthAsync(McpClient client, CancellationToken ct)
    {
        var read = await client.ReadResourceAsync("health://status", cancellationToken: ct);
        var text = Assert.IsType<TextResourceContents>(Assert.Single(read.Contents)).Text;
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
