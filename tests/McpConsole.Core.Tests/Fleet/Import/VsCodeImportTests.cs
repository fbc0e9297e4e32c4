using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class VsCodeImportTests
{
    private const string McpJson = """
        {
          "inputs": [
            { "type": "promptString", "id": "api-key", "description": "API key", "password": true }
          ],
          "servers": {
            "memory": {
              "type": "stdio",
              "command": "npx",
              "args": ["-y", "@modelcontextprotocol/server-memory"],
              "env": { "API_KEY": "${input:api-key}" },
              "envFile": "${workspaceFolder}/.env"
            },
            "github": {
              "type": "http",
              "url": "https://api.githubcopilot.com/mcp/",
              "headers": { "Authorization": "Bearer ${input:api-key}" }
            },
            "legacy": {
              "type": "sse",
              "url": "http://localhost:3001/sse"
            }
          }
        }
        """;

    [Fact]
    public void Parse_VsCodeMcpJson_ReadsAllThreeTransportsAndIgnoresInputs()
    {
        var servers = ImportAssert.Parses(McpJson, ImportFormat.VsCode);

        Assert.Equal(["memory", "github", "legacy"], servers.Select(s => s.Name));
        Assert.Equal([ServerTransport.Stdio, ServerTransport.StreamableHttp, ServerTransport.Sse], servers.Select(s => s.Transport));
        Assert.Equal("${input:api-key}", servers[0].Environment["API_KEY"]);
        Assert.Equal(["-y", "@modelcontextprotocol/server-memory"], servers[0].Arguments);
        Assert.Equal("https://api.githubcopilot.com/mcp/", servers[1].Url);
        Assert.Equal("Bearer ${input:api-key}", servers[1].Headers["Authorization"]);
        Assert.Equal("http://localhost:3001/sse", servers[2].Url);
    }

    [Fact]
    public void Parse_VsCodeWithoutType_InfersFromCommandOrUrl()
    {
        var servers = ImportAssert.Parses("""
            {"servers": {"a": {"command": "node"}, "b": {"url": "https://b.example/mcp"}}}
            """, ImportFormat.VsCode);

        Assert.Equal([ServerTransport.Stdio, ServerTransport.StreamableHttp], servers.Select(s => s.Transport));
    }

    [Fact]
    public void Parse_VsCodeSettingsJsonWithMcpSection_IsVsCode()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"editor.fontSize": 14, "mcp": {"servers": {"a": {"type": "stdio", "command": "node"}}}}
            """, ImportFormat.VsCode));

        Assert.Equal("a", server.Name);
    }

    [Fact]
    public void Parse_VsCodeWithCommentsAndTrailingCommas_IsAcceptedAsVsCodeDoes()
    {
        var servers = ImportAssert.Parses("""
            {
              // my servers
              "servers": {
                /* the memory one */
                "memory": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-memory",],
                },
              },
            }
            """, ImportFormat.VsCode);

        Assert.Equal(["-y", "@modelcontextprotocol/server-memory"], Assert.Single(servers).Arguments);
    }

    [Fact]
    public void Parse_VsCodeMissingCommaBetweenServers_ReportsLine7()
    {
        ImportAssert.FailsAt("""
            {
              "servers": {
                "memory": {
                  "type": "stdio",
                  "command": "npx"
                }
                "github": {
                  "type": "http",
                  "url": "https://api.githubcopilot.com/mcp/"
                }
              }
            }
            """, 7, "expected ',' or '}'");
    }

    [Fact]
    public void Parse_VsCodeMissingCommaInArgs_ReportsLineAndArrayCloser()
    {
        var error = ImportAssert.Fails("""
            {
              "servers": {
                "memory": {
                  "command": "npx",
                  "args": ["-y"
                           "@modelcontextprotocol/server-memory"]
                }
              }
            }
            """);

        Assert.Equal(6, error.Line);
        Assert.Equal(16, error.Column);
        Assert.Equal("expected ',' or ']'", error.Reason);
    }

    [Fact]
    public void Parse_VsCodeUnknownType_ReportsLineOfType()
    {
        ImportAssert.FailsAt("""
            {
              "servers": {
                "x": {
                  "type": "websocket",
                  "url": "wss://x"
                }
              }
            }
            """, 4, "server 'x' has unknown type 'websocket' (expected stdio, http or sse)");
    }

    [Fact]
    public void Parse_VsCodeHttpWithoutUrl_ReportsServerLine()
    {
        ImportAssert.FailsAt("""
            {
              "servers": {
                "a": {"type": "stdio", "command": "node"},
                "b": {"type": "http", "headers": {}}
              }
            }
            """, 4, "server 'b' has type 'http' but no url");
    }

    [Fact]
    public void Parse_VsCodeHeaderWithLineBreak_FailsValidation()
    {
        var error = ImportAssert.Fails("""
            {"servers": {"b": {"type": "http", "url": "https://b/mcp", "headers": {"X-A": "a\r\nInjected: 1"}}}}
            """);

        Assert.Equal("server 'b': header 'X-A' must not contain line breaks or NUL", error.Reason);
    }

    [Fact]
    public void Parse_VsCodeInvalidHeaderName_FailsValidation()
    {
        var error = ImportAssert.Fails("""
            {"servers": {"b": {"type": "http", "url": "https://b/mcp", "headers": {"Bad Header": "x"}}}}
            """);

        Assert.Equal("server 'b': header name 'Bad Header' is not a valid HTTP header name", error.Reason);
    }
}
