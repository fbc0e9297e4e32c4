using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Export;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet;

/// <summary>Where secrets may go (issue 15): origins, redacted URLs and arguments, import over a moved server.</summary>
public class SecretPlacementTests
{
    private static ServerDefinition Http(string url) => new()
    {
        Name = "api", Transport = ServerTransport.StreamableHttp, Url = url,
        Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer prod" },
    };

    [Theory]
    [InlineData("https://a.example.com/mcp", "https://a.example.com/v2/mcp?x=1", false)]
    [InlineData("https://a.example.com/mcp", "https://A.EXAMPLE.com:443/mcp", false)]
    [InlineData("https://a.example.com/mcp", "http://a.example.com/mcp", true)]
    [InlineData("https://a.example.com/mcp", "https://a.example.com:8443/mcp", true)]
    [InlineData("https://a.example.com/mcp", "https://attacker.example.net/mcp", true)]
    public void Origin_SchemeHostPort(string before, string after, bool changed) =>
        Assert.Equal(changed, ServerOrigin.Changed(Http(before), Http(after)));

    [Fact]
    public void Origin_Stdio_CommandArgumentsOrDirectory()
    {
        var server = new ServerDefinition { Name = "s", Command = "node", Arguments = ["a.js"], WorkingDirectory = "/srv" };
        Assert.False(ServerOrigin.Changed(server, server with { Group = "g" }));
        Assert.True(ServerOrigin.Changed(server, server with { Command = "python" }));
        Assert.True(ServerOrigin.Changed(server, server with { Arguments = ["b.js"] }));
        Assert.True(ServerOrigin.Changed(server, server with { WorkingDirectory = "/tmp" }));
    }

    [Theory]
    [InlineData("https://u:p4ss@h.example.com:8443/mcp?key=t0k&b=2", "https://<redacted>@h.example.com:8443/mcp?<redacted>")]
    [InlineData("https://h.example.com/mcp", "https://h.example.com/mcp")]
    public void UrlRedaction_UserInfoAndQuery(string url, string shown) => Assert.Equal(shown, UrlRedaction.Redact(url));

    [Fact]
    public void UrlRedaction_WebhookByOriginOnly() =>
        Assert.Equal("https://hooks.slack.com/<redacted>", UrlRedaction.OriginOnly("https://hooks.slack.com/services/T1/B2/token"));

    [Fact]
    public void ArgumentSecrets_MarkedAndDetected()
    {
        var server = new ServerDefinition
        {
            Name = "db", Command = "node",
            Arguments = ["--db", "postgres://app:pw@db/app", "--token", "t0k", "https://public.example.com/x", "--dsn=mysql://root:root@h/d"],
            SecretArguments = [3],
        };
        Assert.Equal([1, 3, 5], ArgumentSecrets.Indexes(server));
        Assert.Equal(["--db", "<redacted>", "--token", "<redacted>", "https://public.example.com/x", "<redacted>"], ArgumentSecrets.Redact(server));
        var exported = ServerExport.ToMcpServersJson([server]);
        Assert.DoesNotContain("pw@", exported);
        Assert.DoesNotContain("t0k", exported);
        Assert.Contains("\"secretArgs\"", exported);
    }

    [Fact]
    public void Import_OverMovedServer_DropsRedactedSecrets_WithWarning_SameOriginKeepsThem()
    {
        var existing = Http("https://prod.example.com/mcp");
        var moved = ImportPlan.Compute([existing], [existing with { Url = "https://other.example.net/mcp", Headers = SecretRedaction.Redact(existing.Headers) }]);
        Assert.Empty(Assert.Single(moved.Changed).Merged.Headers);
        Assert.Contains(moved.Warnings, w => w.Contains("Authorization were dropped", StringComparison.Ordinal));

        var stayed = ImportPlan.Compute([existing], [existing with { Url = "https://prod.example.com/v2", Headers = SecretRedaction.Redact(existing.Headers) }]);
        Assert.Equal("Bearer prod", Assert.Single(stayed.Changed).Merged.Headers["Authorization"]);
    }

    [Fact]
    public void Import_ExportedRedactedFile_RoundTripsSecretArgumentsAndUrl()
    {
        var existing = new ServerDefinition
        {
            Name = "db", Command = "node", Arguments = ["--db", "postgres://app:pw@db/app"], PassThroughEnvironment = ["AWS_PROFILE"],
        };
        var http = Http("https://h.example.com/mcp?key=secret");
        var file = ServerExport.ToMcpServersJson([existing, http]);
        var parsed = ServerImport.Parse(file);
        Assert.True(parsed.Succeeded);
        var plan = ImportPlan.Compute([existing, http], parsed.Servers);
        Assert.Empty(plan.Changed);
        Assert.Equal(2, plan.Unchanged.Count);
    }
}
