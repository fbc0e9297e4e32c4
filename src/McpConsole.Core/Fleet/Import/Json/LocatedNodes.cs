using System.Text.Json;

namespace McpConsole.Core.Fleet.Import.Json;

/// <summary>1-based line and column (in characters) of a token in the imported text.</summary>
internal readonly record struct SourcePosition(int Line, int Column);

/// <summary>A minimal JSON tree that remembers where each value came from, so errors can name the line.</summary>
internal abstract class LocatedNode(SourcePosition position)
{
    public SourcePosition Position { get; } = position;

    public abstract string KindName { get; }
}

internal sealed record LocatedMember(string Name, SourcePosition Position, LocatedNode Value);

internal sealed class LocatedObject(SourcePosition position) : LocatedNode(position)
{
    public List<LocatedMember> Members { get; } = [];

    public override string KindName => "an object";

    /// <summary>The last member with this name (as JSON.parse would keep it), or null.</summary>
    public LocatedMember? Find(string name) => Members.LastOrDefault(m => m.Name == name);

    public LocatedNode? Get(string name) => Find(name)?.Value is { } value && value is not LocatedScalar { Kind: JsonValueKind.Null }
        ? value
        : null;

    public bool Has(string name) => Find(name) is not null;
}

internal sealed class LocatedArray(SourcePosition position) : LocatedNode(position)
{
    public List<LocatedNode> Items { get; } = [];

    public override string KindName => "an array";
}

/// <summary>A string, number, boolean or null. <see cref="Text"/> is the string value or the literal's source text.</summary>
internal sealed class LocatedScalar(SourcePosition position, JsonValueKind kind, string text) : LocatedNode(position)
{
    public JsonValueKind Kind { get; } = kind;
    public string Text { get; } = text;

    public override string KindName => Kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => "a boolean",
    };
}
