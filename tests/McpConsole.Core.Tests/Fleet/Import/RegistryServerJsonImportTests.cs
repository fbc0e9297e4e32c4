using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class RegistryServerJsonImportTests
{
    [Fact]
    public void Parse_NpmPackage_RunsWithNpxPinnedVersionAndEnv()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {
              "$schema": "https://static.modelcontextprotocol.io/schemas/2025-10-17/server.schema.json",
              "name": "io.github.acme/weather",
              "version": "1.0.2",
              "packages": [
                {
                  "registryType": "npm",
                  "identifier": "@acme/weather-mcp",
                  "version": "1.0.2",
                  "transport": { "type": "stdio" },
                  "environmentVariables": [
                    { "name": "WEATHER_API_KEY", "isRequired": true, "isSecret": true },
                    { "name": "UNITS", "value": "metric" }
                  ]
                }
              ]
            }
            """, ImportFormat.RegistryServerJson));

        Assert.Equal("io.github.acme/weather", server.Name);
        Assert.Equal(ServerTransport.Stdio, server.Transport);
        Assert.Equal("npx", server.Command);
        Assert.Equal(["-y", "@acme/weather-mcp@1.0.2"], server.Arguments);
        Assert.Equal("", server.Environment["WEATHER_API_KEY"]);
        Assert.Equal("metric", server.Environment["UNITS"]);
    }

    [Fact]
    public void Parse_PypiPackage_RunsWithUvxAndDoubleEquals()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"name": "io.github.acme/git", "packages": [{"registryType": "pypi", "identifier": "mcp-server-git", "version": "0.6.2", "transport": {"type": "stdio"}}]}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal("uvx", server.Command);
        Assert.Equal(["mcp-server-git==0.6.2"], server.Arguments);
    }

    [Fact]
    public void Parse_OciPackage_RunsDockerInteractiveAndPassesEnvNames()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"name": "io.github.acme/gh", "packages": [{"registryType": "oci", "identifier": "ghcr.io/acme/gh-mcp", "version": "2.1.0",
              "transport": {"type": "stdio"}, "environmentVariables": [{"name": "GITHUB_TOKEN", "value": "t"}]}]}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal("docker", server.Command);
        Assert.Equal(["run", "-i", "--rm", "-e", "GITHUB_TOKEN", "ghcr.io/acme/gh-mcp:2.1.0"], server.Arguments);
        Assert.Equal("t", server.Environment["GITHUB_TOKEN"]);
    }

    [Fact]
    public void Parse_OciIdentifierWithTag_DoesNotAppendVersion()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"name": "n", "packages": [{"registryType": "oci", "identifier": "docker.io/acme/img:1.0", "version": "1.0"}]}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal(["run", "-i", "--rm", "docker.io/acme/img:1.0"], server.Arguments);
    }

    [Fact]
    public void Parse_PackageWithoutVersionOrLatest_IsNotPinned()
    {
        var servers = ImportAssert.Parses("""
            {"name": "n", "packages": [
              {"registryType": "npm", "identifier": "a"},
              {"registryType": "npm", "identifier": "b", "version": "latest"}
            ]}
            """, ImportFormat.RegistryServerJson);

        Assert.Equal(["-y", "a"], servers[0].Arguments);
        Assert.Equal(["-y", "b"], servers[1].Arguments);
    }

    [Fact]
    public void Parse_PackageArguments_PositionalAndNamedFollowTheIdentifier()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"name": "n", "packages": [{"registryType": "npm", "identifier": "fs", "version": "1.0.0",
              "runtimeArguments": [{"type": "named", "name": "--node-options", "value": "--max-old-space-size=256"}],
              "packageArguments": [
                {"type": "positional", "value": "/data"},
                {"type": "named", "name": "--port", "value": "8080"},
                {"type": "named", "name": "--verbose"},
                {"type": "positional", "valueHint": "target_dir"},
                {"type": "positional", "default": "fallback"}
              ]}]}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal(
            ["-y", "--node-options", "--max-old-space-size=256", "fs@1.0.0", "/data", "--port", "8080", "--verbose", "target_dir", "fallback"],
            server.Arguments);
    }

    [Fact]
    public void Parse_RuntimeHint_ReplacesDefaultRunner()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"name": "n", "packages": [{"registryType": "npm", "identifier": "x", "version": "1.0.0", "runtimeHint": "bunx"}]}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal("bunx", server.Command);
        Assert.Equal(["x@1.0.0"], server.Arguments);
    }

    [Fact]
    public void Parse_Remotes_MapTypesAndHeaders()
    {
        var servers = ImportAssert.Parses("""
            {"name": "com.example/search", "remotes": [
              {"type": "streamable-http", "url": "https://mcp.example.com/mcp", "headers": [{"name": "Authorization", "value": "Bearer x", "isSecret": true}, {"name": "X-Tenant"}]},
              {"type": "sse", "url": "https://mcp.example.com/sse"}
            ]}
            """, ImportFormat.RegistryServerJson);

        Assert.Equal(["com.example/search (streamable-http)", "com.example/search (sse)"], servers.Select(s => s.Name));
        Assert.Equal(ServerTransport.StreamableHttp, servers[0].Transport);
        Assert.Equal("Bearer x", servers[0].Headers["Authorization"]);
        Assert.Equal("", servers[0].Headers["X-Tenant"]);
        Assert.Equal(ServerTransport.Sse, servers[1].Transport);
        Assert.Equal("https://mcp.example.com/sse", servers[1].Url);
    }

    [Fact]
    public void Parse_PackagesAndRemotes_AreNamedByKindWithCounters()
    {
        var servers = ImportAssert.Parses("""
            {"name": "n", "packages": [
              {"registryType": "npm", "identifier": "a"},
              {"registryType": "npm", "identifier": "b"},
              {"registryType": "pypi", "identifier": "c"}
            ], "remotes": [{"type": "sse", "url": "https://x/sse"}]}
            """, ImportFormat.RegistryServerJson);

        Assert.Equal(["n (npm)", "n (npm 2)", "n (pypi)", "n (sse)"], servers.Select(s => s.Name));
    }

    [Fact]
    public void Parse_RegistryApiWrapper_IsUnwrapped()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"server": {"name": "n", "remotes": [{"type": "streamable-http", "url": "https://x/mcp"}]}, "_meta": {"io.modelcontextprotocol.registry/official": {}}}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal("n", server.Name);
    }

    [Fact]
    public void Parse_LegacySnakeCaseFields_AreAccepted()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"name": "n", "packages": [{"registry_type": "npm", "name": "legacy-pkg", "version": "0.1.0",
              "environment_variables": [{"name": "K", "default": "v"}], "package_arguments": [{"type": "positional", "value_hint": "dir"}]}]}
            """, ImportFormat.RegistryServerJson));

        Assert.Equal(["-y", "legacy-pkg@0.1.0", "dir"], server.Arguments);
        Assert.Equal("v", server.Environment["K"]);
    }

    [Fact]
    public void Parse_UnsupportedRegistryType_ReportsLineOfRegistryType()
    {
        ImportAssert.FailsAt("""
            {
              "name": "n",
              "packages": [
                {
                  "registryType": "nuget",
                  "identifier": "Acme.Mcp"
                }
              ]
            }
            """, 5, "package 'Acme.Mcp' has registryType 'nuget', which cannot be imported (supported: npm, pypi, oci)");
    }

    [Fact]
    public void Parse_PackageWithHttpTransport_IsRefusedWithAdvice()
    {
        ImportAssert.FailsAt("""
            {
              "name": "n",
              "packages": [
                {"registryType": "npm", "identifier": "a"},
                {"registryType": "npm", "identifier": "b",
                 "transport": {"type": "streamable-http", "url": "http://localhost:8080/mcp"}}
              ]
            }
            """, 6, "package 'b' uses transport 'streamable-http'; only stdio packages can be imported (start it yourself and add its URL)");
    }

    [Fact]
    public void Parse_RemoteWithStdioType_IsRefused()
    {
        ImportAssert.FailsAt("""
            {"name": "n", "remotes": [
              {"type": "stdio", "url": "https://x"}
            ]}
            """, 2, "remote has unsupported type 'stdio' (expected streamable-http or sse)");
    }

    [Fact]
    public void Parse_RemoteWithoutUrl_ReportsRemoteLine()
    {
        ImportAssert.FailsAt("""
            {"name": "n", "remotes": [
              {"type": "sse", "url": "https://x/sse"},
              {"type": "sse"}
            ]}
            """, 3, "remote has no 'url'");
    }

    [Fact]
    public void Parse_RemoteWithTemplatedHost_FailsUrlValidation()
    {
        var error = ImportAssert.Fails("""
            {"name": "n", "remotes": [{"type": "streamable-http", "url": "https://{tenant}.example.com/mcp"}]}
            """);

        Assert.Equal("server 'n': URL must be an absolute http:// or https:// URL", error.Reason);
    }

    [Fact]
    public void Parse_ServerJsonWithEmptyLists_IsRefused()
    {
        ImportAssert.FailsAt("""{"name": "n", "packages": [], "remotes": []}""", 1, "server.json has neither packages nor remotes");
    }

    [Fact]
    public void Parse_PackageWithoutIdentifier_IsRefused()
    {
        ImportAssert.FailsAt("""
            {"name": "n", "packages": [
              {"registryType": "npm"}
            ]}
            """, 2, "package has no 'identifier'");
    }

    [Fact]
    public void Parse_PositionalArgumentWithoutAnyValue_IsRefused()
    {
        ImportAssert.FailsAt("""
            {"name": "n", "packages": [{"registryType": "npm", "identifier": "a", "packageArguments": [
              {"type": "positional"}
            ]}]}
            """, 2, "package 'a': a positional argument has no value");
    }
}
