using System.Text.Json;
using McpConsole.Core.Fleet.Import.Json;

namespace McpConsole.Core.Fleet.Import;

/// <summary>Typed reads from one entry of an import file; a wrong type is an error on that field's line.</summary>
internal static class EntryFields
{
    public static LocatedObject RequireObject(LocatedNode node, string what) =>
        node as LocatedObject ?? throw new ImportException(node.Position, $"{what} must be an object, not {node.KindName}");

    public static LocatedArray? OptionalArray(LocatedObject entry, string key, string owner)
    {
        var node = entry.Get(key);
        return node is null or LocatedArray
            ? (LocatedArray?)node
            : throw new ImportException(node.Position, $"{owner}: '{key}' must be an array, not {node.KindName}");
    }

    public static string? OptionalString(LocatedObject entry, string key, string owner)
    {
        var node = entry.Get(key);
        return node switch
        {
            null => null,
            LocatedScalar { Kind: JsonValueKind.String } text => text.Text,
            _ => throw new ImportException(node.Position, $"{owner}: '{key}' must be a string, not {node.KindName}"),
        };
    }

    public static string RequireString(LocatedObject entry, string key, string owner) =>
        OptionalString(entry, key, owner) ?? throw new ImportException(entry.Position, $"{owner} has no '{key}'");

    public static bool? OptionalBoolean(LocatedObject entry, string key, string owner)
    {
        var node = entry.Get(key);
        return node switch
        {
            null => null,
            LocatedScalar { Kind: JsonValueKind.True } => true,
            LocatedScalar { Kind: JsonValueKind.False } => false,
            _ => throw new ImportException(node.Position, $"{owner}: '{key}' must be true or false, not {node.KindName}"),
        };
    }

    /// <summary>An array of strings; numbers and booleans are taken as their text (<c>["--port", 8080]</c>).</summary>
    public static IReadOnlyList<string> StringList(LocatedObject entry, string key, string owner)
    {
        var node = entry.Get(key);
        if (node is null)
        {
            return [];
        }

        if (node is not LocatedArray array)
        {
            throw new ImportException(node.Position, $"{owner}: '{key}' must be an array of strings, not {node.KindName}");
        }

        return array.Items.Select(item => ScalarText(item, $"{owner}: each item of '{key}'")).ToList();
    }

    /// <summary>An array of non-negative integers (argument indexes).</summary>
    public static IReadOnlyList<int> IndexList(LocatedObject entry, string key, string owner)
    {
        if (OptionalArray(entry, key, owner) is not { } array)
        {
            return [];
        }

        return array.Items.Select(item => item is LocatedScalar { Kind: JsonValueKind.Number } n && int.TryParse(n.Text, out var i) && i >= 0
            ? i
            : throw new ImportException(item.Position, $"{owner}: each item of '{key}' must be an argument index (0, 1, ...)")).Distinct().Order().ToList();
    }

    /// <summary>An object of string values; numbers and booleans are taken as their text (<c>{"PORT": 8080}</c>).</summary>
    public static IReadOnlyDictionary<string, string> StringMap(LocatedObject entry, string key, string owner)
    {
        var node = entry.Get(key);
        if (node is null)
        {
            return new Dictionary<string, string>();
        }

        if (node is not LocatedObject obj)
        {
            throw new ImportException(node.Position, $"{owner}: '{key}' must be an object of strings, not {node.KindName}");
        }

        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var member in obj.Members)
        {
            map[member.Name] = ScalarText(member.Value, $"{owner}: '{key}.{member.Name}'");
        }

        return map;
    }

    public static string ScalarText(LocatedNode node, string what) => node switch
    {
        LocatedScalar { Kind: JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } scalar
            => scalar.Text,
        _ => throw new ImportException(node.Position, $"{what} must be a string, not {node.KindName}"),
    };
}
