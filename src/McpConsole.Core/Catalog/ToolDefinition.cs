using System.Text.Json;

namespace McpConsole.Core.Catalog;

/// <summary>
/// One tool as a server advertises it. The description is attacker-controlled text: it is hashed and compared,
/// never interpreted. <see cref="InputSchema"/> is the JSON Schema as sent (the SDK's <c>Tool.InputSchema</c>).
/// </summary>
public sealed record ToolDefinition(string Name, string? Description, JsonElement? InputSchema)
{
    /// <summary>Convenience for stored catalogs: the schema as JSON text (null or empty for none).</summary>
    public static ToolDefinition FromJson(string name, string? description, string? inputSchemaJson)
    {
        if (string.IsNullOrWhiteSpace(inputSchemaJson))
        {
            return new ToolDefinition(name, description, null);
        }

        using var document = JsonDocument.Parse(inputSchemaJson);
        return new ToolDefinition(name, description, document.RootElement.Clone());
    }

    /// <summary>The schema in canonical form (sorted keys, no whitespace, normalised numbers); "" when there is none.</summary>
    public string CanonicalSchema => InputSchema is { ValueKind: not JsonValueKind.Undefined } schema
        ? JsonCanonicalizer.Canonicalize(schema)
        : "";
}
