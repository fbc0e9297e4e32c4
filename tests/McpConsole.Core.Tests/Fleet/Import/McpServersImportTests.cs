using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class McpServersImportTests
{
    private const string ClaudeDesktop = """
        {
          "mcpServers": {
            "filesystem": {
              "command": "npx",
              "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"]
            },
            "github": {
              "command": "docker",
              "args": ["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/github/github-mcp-server"],
              "env": { "GITHUB_TOKEN": "ghp_secret" }
            }
          }
        }
        """;

    [Fact]
    public void Parse_ClaudeDesktop_ReadsStdioServersInFileOrder()
    {
        var servers = ImportAssert.Parses(ClaudeDesktop, ImportFormat.McpServers);

        Assert.Equal(["filesystem", "github"], servers.Select(s => s.Name));
        var fs = servers[0];
        Assert.Equal(ServerTransport.Stdio, fs.Transport);
        Assert.Equal("npx", fs.Command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"], fs.Arguments);
        Assert.Empty(fs.Environment);
        Assert.Null(fs.Url);
        Assert.True(fs.Enabled);
        Assert.Equal(30, fs.ProbeIntervalSeconds);
        Assert.Equal(10, fs.TimeoutSeconds);
        Assert.Equal("ghp_secret", servers[1].Environment["GITHUB_TOKEN"]);
    }

    [Fact]
    public void Parse_CursorRemoteWithUrlOnly_IsStreamableHttpWithHeaders()
    {
        var servers = ImportAssert.Parses("""
            {"mcpServers": {"remote": {"url": "https://mcp.example.com/mcp", "headers": {"Authorization": "Bearer t"}}}}
            """, ImportFormat.McpServers);

        var remote = Assert.Single(servers);
        Assert.Equal(ServerTransport.StreamableHttp, remote.Transport);
        Assert.Equal("https://mcp.example.com/mcp", remote.Url);
        Assert.Equal("Bearer t", remote.Headers["Authorization"]);
        Assert.Null(remote.Command);
    }

    [Theory]
    [InlineData("sse", ServerTransport.Sse)]
    [InlineData("http", ServerTransport.StreamableHttp)]
    [InlineData("streamable-http", ServerTransport.StreamableHttp)]
    [InlineData("streamableHttp", ServerTransport.StreamableHttp)]
    [InlineData("SSE", ServerTransport.Sse)]
    public void Parse_McpServersWithType_UsesThatTransport(string type, ServerTransport expected)
    {
        var servers = ImportAssert.Parses($$$$"""
            {"mcpServers": {"r": {"type": "{{{{type}}}}", "url": "http://localhost:3001/sse"}}}
            """, ImportFormat.McpServers);

        Assert.Equal(expected, Assert.Single(servers).Transport);
    }

    [Fact]
    public void Parse_McpServersWithCwdAndDisabled_KeepsWorkingDirectoryAndDisables()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"mcpServers": {"a": {"command": "node", "args": ["x.js"], "cwd": "/srv/a", "disabled": true}}}
            """, ImportFormat.McpServers));

        Assert.Equal("/srv/a", server.WorkingDirectory);
        Assert.False(server.Enabled);
    }

    [Fact]
    public void Parse_NumbersAndBooleansInArgsAndEnv_AreTakenAsText()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"mcpServers": {"a": {"command": "node", "args": ["--port", 8080, true], "env": {"PORT": 8080, "DEBUG": false}}}}
            """, ImportFormat.McpServers));

        Assert.Equal(["--port", "8080", "true"], server.Arguments);
        Assert.Equal("8080", server.Environment["PORT"]);
        Assert.Equal("false", server.Environment["DEBUG"]);
    }

    [Fact]
    public void Parse_EmptyMcpServers_SucceedsWithNoServers()
    {
        Assert.Empty(ImportAssert.Parses("""{"mcpServers": {}}""", ImportFormat.McpServers));
    }

    [Fact]
    public void Parse_ServerWithNeitherCommandNorUrl_ReportsLineOfThatServer()
    {
        ImportAssert.FailsAt("""
            {
              "mcpServers": {
                "ok": { "command": "node" },
                "db": {
                  "args": ["x"]
                }
              }
            }
            """, 4, "server 'db' has neither command nor url");
    }

    [Fact]
    public void Parse_ServerWithBothCommandAndUrlAndNoType_IsRefused()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "x": {"command": "node", "url": "http://localhost:1/mcp"}
            }}
            """, 2, "server 'x' has both command and url: add \"type\" to choose");
    }

    [Fact]
    public void Parse_UnknownType_ReportsLineOfTypeField()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "x": {
                "command": "node",
                "type": "websocket"
              }
            }}
            """, 4, "server 'x' has unknown type 'websocket' (expected stdio, http or sse)");
    }

    [Fact]
    public void Parse_TypeSseWithoutUrl_IsRefused()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"x": {"type": "sse", "command": "node"}}}""", 1, "server 'x' has type 'sse' but no url");
    }

    [Fact]
    public void Parse_TypeStdioWithoutCommand_IsRefused()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"x": {"type": "stdio", "url": "http://a/"}}}""", 1, "server 'x' has type 'stdio' but no command");
    }

    [Fact]
    public void Parse_ArgsNotAnArray_ReportsLineOfArgs()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "x": {
                "command": "node",
                "args": "server.js"
              }
            }}
            """, 4, "server 'x': 'args' must be an array of strings, not a string");
    }

    [Fact]
    public void Parse_ObjectInsideArgs_ReportsLineOfThatItem()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "x": {
                "command": "node",
                "args": [
                  "a",
                  {"b": 1}
                ]
              }
            }}
            """, 6, "server 'x': each item of 'args' must be a string, not an object");
    }

    [Fact]
    public void Parse_EnvNotAnObject_ReportsLineOfEnv()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "x": {
                "command": "node",
                "env": ["A=1"]
              }
            }}
            """, 4, "server 'x': 'env' must be an object of strings, not an array");
    }

    [Fact]
    public void Parse_ServerNotAnObject_ReportsItsLine()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "x": "npx server"
            }}
            """, 2, "server 'x' must be an object, not a string");
    }

    [Fact]
    public void Parse_McpServersNotAnObject_IsRefused()
    {
        ImportAssert.FailsAt("""{"mcpServers": []}""", 1, "'mcpServers' must be an object, not an array");
    }

    [Fact]
    public void Parse_DisabledNotBoolean_IsRefused()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"x": {"command": "n", "disabled": "yes"}}}""", 1,
            "server 'x': 'disabled' must be true or false, not a string");
    }

    [Fact]
    public void Parse_DuplicateNameDifferingInCase_ReportsSecondOccurrence()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "db": {"command": "a"},
              "DB": {"command": "b"}
            }}
            """, 3, "server 'DB' is defined twice (first on line 2)");
    }

    [Fact]
    public void Parse_RelativeUrl_FailsValidationOnEntryLine()
    {
        ImportAssert.FailsAt("""
            {"mcpServers": {
              "ok": {"command": "a"},
              "web": {"url": "/mcp"}
            }}
            """, 3, "server 'web': URL must be an absolute http:// or https:// URL");
    }

    [Fact]
    public void Parse_FtpUrl_IsRefused()
    {
        var error = ImportAssert.Fails("""{"mcpServers": {"web": {"url": "ftp://host/mcp"}}}""");
        Assert.Equal("server 'web': URL must be an absolute http:// or https:// URL", error.Reason);
    }

    [Fact]
    public void Parse_EmptyServerName_FailsValidation()
    {
        ImportAssert.FailsAt("""{"mcpServers": {"": {"command": "a"}}}""", 1, "a server: name is required");
    }

    [Fact]
    public void Parse_OneBadEntryAmongGood_ImportsNothing()
    {
        var result = ServerImport.Parse("""
            {"mcpServers": {
              "a": {"command": "a"},
              "b": {"command": "b"},
              "c": {}
            }}
            """);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Servers);
        Assert.Equal(4, result.Error!.Line);
    }

    [Fact]
    public void Parse_NullOptionalFields_AreTreatedAsAbsent()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"mcpServers": {"a": {"command": "a", "args": null, "env": null, "url": null, "type": null}}}
            """, ImportFormat.McpServers));

        Assert.Equal(ServerTransport.Stdio, server.Transport);
        Assert.Empty(server.Arguments);
    }
}
