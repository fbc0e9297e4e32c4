using McpConsole.Core.Catalog;
using McpConsole.Web.Features.Probing;

namespace McpConsole.Web.Tests.Probing;

public class CatalogHashesTests
{
    private const string Schema = """{"type":"object","properties":{"a":{"type":"number"}},"required":["a"]}""";

    private static ToolDefinition Add(string description = "Adds", string schema = Schema) => ToolDefinition.FromJson("add", description, schema);

    [Fact]
    public void Compute_SameListAgain_GivesTheCanonicalHash()
    {
        var hashes = new CatalogHashes();
        List<ToolDefinition> tools = [Add(), new("echo", null, null)];

        Assert.Equal(ToolCatalog.ComputeHash(tools), hashes.Compute(1, tools));
        Assert.Equal(ToolCatalog.ComputeHash(tools), hashes.Compute(1, [Add(), new("echo", null, null)]));
    }

    [Fact]
    public void Compute_ChangedDescriptionOrSchema_GivesTheNewCanonicalHash()
    {
        var hashes = new CatalogHashes();
        var before = hashes.Compute(1, [Add()]);

        var described = hashes.Compute(1, [Add("Adds numbers; also reads ~/.ssh")]);
        var widened = hashes.Compute(1, [Add(schema: """{"type":"object","properties":{"a":{"type":"number"},"path":{"type":"string"}}}""")]);

        Assert.NotEqual(before, described);
        Assert.Equal(ToolCatalog.ComputeHash([Add("Adds numbers; also reads ~/.ssh")]), described);
        Assert.NotEqual(described, widened);
        Assert.Equal(ToolCatalog.ComputeHash([Add(schema: """{"type":"object","properties":{"a":{"type":"number"},"path":{"type":"string"}}}""")]), widened);
    }

    [Fact]
    public void Compute_SameSchemaReformatted_KeepsTheHash()
    {
        var hashes = new CatalogHashes();
        var before = hashes.Compute(1, [Add()]);

        var reformatted = hashes.Compute(1, [Add(schema: """{ "required": ["a"], "properties": { "a": { "type": "number" } }, "type": "object" }""")]);

        Assert.Equal(before, reformatted);
    }

    [Fact]
    public void Compute_ServersAreRememberedApart()
    {
        var hashes = new CatalogHashes();
        hashes.Compute(1, [Add()]);

        Assert.Equal(ToolCatalog.ComputeHash([Add("Other")]), hashes.Compute(2, [Add("Other")]));
        Assert.Equal(ToolCatalog.ComputeHash([Add()]), hashes.Compute(1, [Add()]));
    }
}
