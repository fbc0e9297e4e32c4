using McpConsole.Core.Fleet.Import;

namespace McpConsole.Core.Tests.Fleet.Import;

public class FormatDetectionTests
{
    [Theory]
    [InlineData("""{"mcpServers": {}}""", ImportFormat.McpServers)]
    [InlineData("""{"servers": {}}""", ImportFormat.VsCode)]
    [InlineData("""{"inputs": [], "servers": {}}""", ImportFormat.VsCode)]
    [InlineData("""{"mcp": {"servers": {}}}""", ImportFormat.VsCode)]
    [InlineData("""{"name": "n", "remotes": [{"type": "sse", "url": "https://x/sse"}]}""", ImportFormat.RegistryServerJson)]
    [InlineData("""{"server": {"name": "n", "packages": [{"registryType": "npm", "identifier": "a"}]}}""", ImportFormat.RegistryServerJson)]
    [InlineData("""{"production_single": {"servers": {}}}""", ImportFormat.SeedDeployment)]
    [InlineData("""{"hybrid_deployment": {"local_servers": {}}}""", ImportFormat.SeedDeployment)]
    public void Parse_DetectsFormatFromTopLevelKeys(string json, ImportFormat expected)
    {
        var result = ServerImport.Parse(json);

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(expected, result.Format);
    }

    [Fact]
    public void Parse_BothMcpServersAndServers_PrefersMcpServers()
    {
        var result = ServerImport.Parse("""{"servers": {"b": {"command": "b"}}, "mcpServers": {"a": {"command": "a"}}}""");

        Assert.Equal(ImportFormat.McpServers, result.Format);
        Assert.Equal("a", Assert.Single(result.Servers).Name);
    }

    [Fact]
    public void Parse_NameWithoutPackagesOrRemotes_IsNotRegistryFormat()
    {
        Assert.StartsWith("unrecognised format", ImportAssert.Fails("""{"name": "n", "version": "1"}""").Reason);
    }

    [Fact]
    public void ImportError_MessageAndToString_StartWithLine()
    {
        var error = new ImportError(12, 5, "server 'db' has neither command nor url");

        Assert.Equal("line 12: server 'db' has neither command nor url", error.Message);
        Assert.Equal(error.Message, error.ToString());
    }
}
