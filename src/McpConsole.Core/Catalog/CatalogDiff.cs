namespace McpConsole.Core.Catalog;

/// <summary>Which part of a tool definition changed.</summary>
[Flags]
public enum ToolField
{
    None = 0,
    Description = 1,
    InputSchema = 2,
}

/// <summary>A tool present before and after whose description and/or schema changed.</summary>
public sealed record ToolChange(string Name, ToolDefinition Before, ToolDefinition After, ToolField ChangedFields);

/// <summary>
/// What changed between two catalogs of one server, by tool name (ordinal). A non-empty diff is an event operators
/// must see: changing tool definitions under a running client is a known attack on MCP users.
/// </summary>
public sealed record CatalogDiff(
    IReadOnlyList<ToolDefinition> Added,
    IReadOnlyList<ToolDefinition> Removed,
    IReadOnlyList<ToolChange> Changed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && Changed.Count == 0;

    public static CatalogDiff Compute(IEnumerable<ToolDefinition> before, IEnumerable<ToolDefinition> after)
    {
        var old = ByName(before);
        var current = ByName(after);
        var added = current.Values.Where(t => !old.ContainsKey(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var removed = old.Values.Where(t => !current.ContainsKey(t.Name)).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var changed = new List<ToolChange>();
        foreach (var (name, was) in old.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (current.TryGetValue(name, out var now) && FieldsChanged(was, now) is var fields && fields != ToolField.None)
            {
                changed.Add(new ToolChange(name, was, now, fields));
            }
        }

        return new CatalogDiff(added, removed, changed);
    }

    private static ToolField FieldsChanged(ToolDefinition before, ToolDefinition after)
    {
        var fields = ToolField.None;
        if (!string.Equals(before.Description, after.Description, StringComparison.Ordinal))
        {
            fields |= ToolField.Description;
        }

        if (!string.Equals(before.CanonicalSchema, after.CanonicalSchema, StringComparison.Ordinal))
        {
            fields |= ToolField.InputSchema;
        }

        return fields;
    }

    // A server that lists a name twice is itself suspicious; the first definition is the one compared.
    private static Dictionary<string, ToolDefinition> ByName(IEnumerable<ToolDefinition> tools)
    {
        var map = new Dictionary<string, ToolDefinition>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            map.TryAdd(tool.Name, tool);
        }

        return map;
    }
}
