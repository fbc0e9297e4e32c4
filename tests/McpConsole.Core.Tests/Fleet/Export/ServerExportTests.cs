using System.Text.Json;
using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Export;
using McpConsole.Core.Fleet.Import;
using McpConsole.Core.Tests.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Export;

public class ServerExportTests
{
    private static readonly ServerDefinition[] _fleet =
    [
        new()
        {
            Name = "fs",
            Command = "npx",
            Arguments = ["-y", "@modelcontextprotocol/server-filesystem", "/data"],
            Environment = new Dictionary<string, string> { ["TOKEN"] = "s3cret", ["MODE"] = "ro" },
            WorkingDirectory = "/srv/fs",
        },
        new()
        {
            Name = "web",
            Transport = ServerTransport.StreamableHttp,
            Url = "https://web.example/mcp",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer abc" },
        },
        new() { Name = "legacy", Transport = ServerTransport.Sse, Url = "http://127.0.0.1:3001/sse", Enabled = false },
    ];

    [Fact]
    public void ToMcpServersJson_Default_RedactsEnvAndHeaderValuesButKeepsNames()
    {
        var json = ServerExport.ToMcpServersJson(_fleet);

        Assert.DoesNotContain("s3cret", json);
        Assert.DoesNotContain("\"ro\"", json);
        Assert.DoesNotContain("Bearer abc", json);
        using var doc = JsonDocument.Parse(json);
        var servers = doc.RootElement.GetProperty("mcpServers");
        Assert.Equal("<redacted>", servers.GetProperty("fs").GetProperty("env").GetProperty("TOKEN").GetString());
        Assert.Equal("<redacted>", servers.GetProperty("web").GetProperty("headers").GetProperty("Authorization").GetString());
    }

    [Fact]
    public void ToMcpServersJson_IncludeSecrets_WritesValues()
    {
        using var doc = JsonDocument.Parse(ServerExport.ToMcpServersJson(_fleet, ExportSecrets.Include));
        var servers = doc.RootElement.GetProperty("mcpServers");

        Assert.Equal("s3cret", servers.GetProperty("fs").GetProperty("env").GetProperty("TOKEN").GetString());
        Assert.Equal("Bearer abc", servers.GetProperty("web").GetProperty("headers").GetProperty("Authorization").GetString());
    }

    [Fact]
    public void ToMcpServersJson_Shape_MatchesClaudeAndCursor()
    {
        var json = ServerExport.ToMcpServersJson(_fleet, ExportSecrets.Include);

        Assert.Equal("""
            {
              "mcpServers": {
                "fs": {
                  "command": "npx",
                  "args": [
                    "-y",
                    "@modelcontextprotocol/server-filesystem",
                    "/data"
                  ],
                  "env": {
                    "TOKEN": "s3cret",
                    "MODE": "ro"
                  },
                  "cwd": "/srv/fs"
                },
                "web": {
                  "type": "http",
                  "url": "https://web.example/mcp",
                  "headers": {
                    "Authorization": "Bearer abc"
                  }
                },
                "legacy": {
                  "type": "sse",
                  "url": "http://127.0.0.1:3001/sse",
                  "disabled": true
                }
              }
            }
            """, json.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ToVsCodeJson_Shape_HasTypeOnEveryEntryAndNoDisabledFlag()
    {
        using var doc = JsonDocument.Parse(ServerExport.ToVsCodeJson(_fleet));
        var servers = doc.RootElement.GetProperty("servers");

        Assert.Equal("stdio", servers.GetProperty("fs").GetProperty("type").GetString());
        Assert.Equal("http", servers.GetProperty("web").GetProperty("type").GetString());
        Assert.Equal("sse", servers.GetProperty("legacy").GetProperty("type").GetString());
        Assert.False(servers.GetProperty("legacy").TryGetProperty("disabled", out _));
        Assert.Equal("<redacted>", servers.GetProperty("fs").GetProperty("env").GetProperty("MODE").GetString());
    }

    [Fact]
    public void Export_EmptyFleet_WritesEmptyRoot()
    {
        Assert.Equal("{\n  \"mcpServers\": {}\n}", ServerExport.ToMcpServersJson([]).ReplaceLineEndings("\n"));
        Assert.Equal("{\n  \"servers\": {}\n}", ServerExport.ToVsCodeJson([]).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Export_StdioWithoutEnvOrCwd_OmitsThem()
    {
        var json = ServerExport.ToMcpServersJson([new ServerDefinition { Name = "a", Command = "node" }]);

        Assert.DoesNotContain("env", json);
        Assert.DoesNotContain("cwd", json);
        Assert.Contains("\"args\": []", json);
    }

    [Fact]
    public void Export_SpecialCharacters_AreEscapedAsValidJson()
    {
        var server = new ServerDefinition { Name = "quote\"name", Command = "C:\\tools\\mcp.exe", Arguments = ["<&>", "line\nbreak"] };

        var parsed = ImportAssert.Parses(ServerExport.ToMcpServersJson([server]), ImportFormat.McpServers);

        Assert.Equal(server.Name, parsed[0].Name);
        Assert.Equal(server.Command, parsed[0].Command);
        Assert.Equal(server.Arguments, parsed[0].Arguments);
    }

    [Theory]
    [InlineData(ExportSecrets.Include)]
    [InlineData(ExportSecrets.Redact)]
    public void RoundTrip_McpServers_GivesBackTheSameConnectionDefinitions(ExportSecrets secrets)
    {
        var parsed = ImportAssert.Parses(ServerExport.ToMcpServersJson(_fleet, secrets), ImportFormat.McpServers);

        AssertSameConnections(_fleet, parsed, secrets);
        Assert.False(parsed[2].Enabled);
        Assert.Equal("/srv/fs", parsed[0].WorkingDirectory);
    }

    [Theory]
    [InlineData(ExportSecrets.Include)]
    [InlineData(ExportSecrets.Redact)]
    public void RoundTrip_VsCode_GivesBackTheSameConnectionDefinitions(ExportSecrets secrets)
    {
        var parsed = ImportAssert.Parses(ServerExport.ToVsCodeJson(_fleet, secrets), ImportFormat.VsCode);

        AssertSameConnections(_fleet, parsed, secrets);
    }

    [Fact]
    public void RoundTrip_RedactedExportImportedOverRegistry_ChangesNothing()
    {
        var parsed = ServerImport.Parse(ServerExport.ToVsCodeJson(_fleet)).Servers;

        var plan = ImportPlan.Compute(_fleet, parsed);

        Assert.Equal(3, plan.Unchanged.Count);
        Assert.False(plan.HasChanges);
        Assert.Empty(plan.Warnings);
    }

    private static void AssertSameConnections(IReadOnlyList<ServerDefinition> expected, IReadOnlyList<ServerDefinition> actual, ExportSecrets secrets)
    {
        Assert.Equal(expected.Select(s => s.Name), actual.Select(s => s.Name));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Transport, actual[i].Transport);
            Assert.Equal(expected[i].Command, actual[i].Command);
            Assert.Equal(expected[i].Arguments, actual[i].Arguments);
            Assert.Equal(expected[i].Url, actual[i].Url);
            Assert.Equal(Expected(expected[i].Environment, secrets), actual[i].Environment);
            Assert.Equal(Expected(expected[i].Headers, secrets), actual[i].Headers);
        }
    }

    private static IReadOnlyDictionary<string, string> Expected(IReadOnlyDictionary<string, string> values, ExportSecrets secrets) =>
        secrets == ExportSecrets.Include ? values : SecretRedaction.Redact(values);
}
