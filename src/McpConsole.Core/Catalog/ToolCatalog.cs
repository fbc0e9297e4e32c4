using System.Security.Cryptography;
using System.Text.Json;

namespace McpConsole.Core.Catalog;

/// <summary>A stable fingerprint of a server's tools, to notice when they change under running clients.</summary>
public static class ToolCatalog
{
    /// <summary>
    /// Lower-case hex SHA-256 over the tools sorted by name (ordinal), each as canonical JSON
    /// <c>{"name":..,"description":..,"inputSchema":..}</c>. The order the server lists its tools in does not matter;
    /// any change to a name, description or schema does.
    /// </summary>
    public static string ComputeHash(IEnumerable<ToolDefinition> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var tool in Sorted(tools))
            {
                writer.WriteStartObject();
                writer.WriteString("name", tool.Name);
                writer.WriteString("description", tool.Description);
                writer.WritePropertyName("inputSchema");
                if (tool.InputSchema is { ValueKind: not JsonValueKind.Undefined } schema)
                {
                    JsonCanonicalizer.Write(writer, schema);
                }
                else
                {
                    writer.WriteNullValue();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    // Sorted by name, then by content, so duplicated names still hash the same in any order.
    private static IEnumerable<ToolDefinition> Sorted(IEnumerable<ToolDefinition> tools) => tools
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ThenBy(t => t.Description ?? "", StringComparer.Ordinal)
        .ThenBy(t => t.CanonicalSchema, StringComparer.Ordinal);
}
