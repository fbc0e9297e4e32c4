using McpConsole.Core.Fleet;
using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class SeedDeploymentImportTests
{
    // Verbatim from the seed (chapter 25, "Single Server Deployment").
    private const string ProductionSingle = """
        {
          "production_single": {
            "host": {
              "command": "node",
              "args": ["dist/host.js"],
              "env": {
                "NODE_ENV": "production",
                "MCP_HOST_PORT": "8080",
                "LOG_LEVEL": "info"
              }
            },
            "servers": {
              "filesystem": {
                "command": "docker",
                "args": ["run", "--rm", "mcp-filesystem:prod"],
                "resources": {
                  "memory": "256MB",
                  "cpu": "0.5"
                }
              },
              "database": {
                "command": "uvx",
                "args": ["mcp-server-postgres", "--connection-pool-size", "10"],
                "resources": {
                  "memory": "512MB",
                  "cpu": "1.0"
                }
              }
            }
          }
        }
        """;

    // Verbatim from the seed (chapter 25, "Hybrid Cloud Deployment").
    private const string HybridDeployment = """
        {
          "hybrid_deployment": {
            "local_servers": {
              "filesystem": {
                "type": "stdio",
                "command": "npx",
                "args": ["-y", "@modelcontextprotocol/server-filesystem", "~/workspace"],
                "location": "on_premise"
              },
              "git": {
                "type": "stdio", 
                "command": "uvx",
                "args": ["mcp-server-git"],
                "location": "on_premise"
              }
            },
            "cloud_servers": {
              "database": {
                "type": "sse",
                "url": "https://mcp-db.company.com",
                "location": "cloud",
                "backup": "multi_region"
              },
              "search": {
                "type": "http",
                "url": "https://mcp-search.company.com",
                "location": "cloud",
                "cdn": "enabled"
              }
            },
            "security": {
              "local_acls": "strict_local_access",
              "cloud_auth": "oauth2_sso",
              "data_encryption": "end_to_end"
            }
          }
        }
        """;

    [Fact]
    public void Parse_SeedProductionSingle_ReadsServersWithResourcesAndSkipsHost()
    {
        var servers = ImportAssert.Parses(ProductionSingle, ImportFormat.SeedDeployment);

        Assert.Equal(["filesystem", "database"], servers.Select(s => s.Name));
        Assert.Equal("docker", servers[0].Command);
        Assert.Equal(["run", "--rm", "mcp-filesystem:prod"], servers[0].Arguments);
        Assert.Equal(256, servers[0].MemoryMb);
        Assert.Equal(0.5, servers[0].CpuCores);
        Assert.Equal(["mcp-server-postgres", "--connection-pool-size", "10"], servers[1].Arguments);
        Assert.Equal(512, servers[1].MemoryMb);
        Assert.Equal(1.0, servers[1].CpuCores);
        Assert.All(servers, s => Assert.Null(s.Location));
    }

    [Fact]
    public void Parse_SeedHybridDeployment_ReadsLocalAndCloudWithLocations()
    {
        var servers = ImportAssert.Parses(HybridDeployment, ImportFormat.SeedDeployment);

        Assert.Equal(["filesystem", "git", "database", "search"], servers.Select(s => s.Name));
        Assert.Equal(
            [ServerTransport.Stdio, ServerTransport.Stdio, ServerTransport.Sse, ServerTransport.StreamableHttp],
            servers.Select(s => s.Transport));
        Assert.Equal(["on_premise", "on_premise", "cloud", "cloud"], servers.Select(s => s.Location));
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "~/workspace"], servers[0].Arguments);
        Assert.Equal("https://mcp-db.company.com", servers[2].Url);
        Assert.Equal("https://mcp-search.company.com", servers[3].Url);
    }

    [Fact]
    public void Parse_HybridWithoutLocation_DefaultsBySection()
    {
        var servers = ImportAssert.Parses("""
            {"hybrid_deployment": {
              "local_servers": {"a": {"type": "stdio", "command": "x"}},
              "cloud_servers": {"b": {"type": "http", "url": "https://b/mcp"}}
            }}
            """, ImportFormat.SeedDeployment);

        Assert.Equal(["on_premise", "cloud"], servers.Select(s => s.Location));
    }

    [Fact]
    public void Parse_BothSeedSectionsInOneFile_ImportsBoth()
    {
        var servers = ImportAssert.Parses("""
            {
              "production_single": {"servers": {"a": {"command": "x"}}},
              "hybrid_deployment": {"cloud_servers": {"b": {"type": "sse", "url": "https://b/sse"}}}
            }
            """, ImportFormat.SeedDeployment);

        Assert.Equal(["a", "b"], servers.Select(s => s.Name));
    }

    [Fact]
    public void Parse_SameNameInLocalAndCloud_ReportsSecond()
    {
        ImportAssert.FailsAt("""
            {"hybrid_deployment": {
              "local_servers": {"db": {"type": "stdio", "command": "x"}},
              "cloud_servers": {
                "db": {"type": "sse", "url": "https://db/sse"}
              }
            }}
            """, 4, "server 'db' is defined twice (first on line 2)");
    }

    [Fact]
    public void Parse_InvalidMemory_ReportsLineOfMemory()
    {
        ImportAssert.FailsAt("""
            {"production_single": {"servers": {
              "fs": {
                "command": "docker",
                "resources": {
                  "memory": "lots",
                  "cpu": "0.5"
                }
              }
            }}}
            """, 5, "server 'fs' has invalid memory 'lots' (expected e.g. 256MB or 1GB)");
    }

    [Fact]
    public void Parse_InvalidCpu_ReportsLineOfCpu()
    {
        ImportAssert.FailsAt("""
            {"production_single": {"servers": {
              "fs": {"command": "docker", "resources": {
                "cpu": "-1"
              }}
            }}}
            """, 3, "server 'fs' has invalid cpu '-1' (expected e.g. 0.5 or 250m)");
    }

    [Fact]
    public void Parse_NumericResources_AreAccepted()
    {
        var server = Assert.Single(ImportAssert.Parses("""
            {"production_single": {"servers": {"fs": {"command": "docker", "resources": {"memory": 1024, "cpu": 2}}}}}
            """, ImportFormat.SeedDeployment));

        Assert.Equal(1024, server.MemoryMb);
        Assert.Equal(2.0, server.CpuCores);
    }

    [Fact]
    public void Parse_ProductionSingleWithoutServers_IsRefused()
    {
        ImportAssert.FailsAt("""
            {
              "production_single": {
                "host": {"command": "node"}
              }
            }
            """, 2, "'production_single' has no 'servers'");
    }

    [Fact]
    public void Parse_HybridWithoutServerSections_IsRefused()
    {
        ImportAssert.FailsAt("""
            {
              "hybrid_deployment": {
                "security": {}
              }
            }
            """, 2, "'hybrid_deployment' has neither 'local_servers' nor 'cloud_servers'");
    }

    [Fact]
    public void Parse_CloudServerWithoutUrl_ReportsItsLine()
    {
        ImportAssert.FailsAt("""
            {"hybrid_deployment": {
              "cloud_servers": {
                "ok": {"type": "http", "url": "https://ok/mcp"},
                "search": {
                  "type": "http",
                  "location": "cloud"
                }
              }
            }}
            """, 4, "server 'search' has type 'http' but no url");
    }
}
