using System.Text;
using System.Text.Json;

namespace McpConsole.Core.Fleet.Import.Json;

/// <summary>
/// Reads JSON (with comments and trailing commas, as VS Code's JSONC files have them) into a <see cref="LocatedNode"/>
/// tree. Syntax errors become an <see cref="ImportException"/> with the 1-based line, column and a plain reason.
/// </summary>
internal static class LocatedJsonReader
{
    private static readonly JsonReaderOptions _options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    public static LocatedNode Read(string text)
    {
        var source = new SourceText(text);
        var reader = new Utf8JsonReader(source.Bytes, _options);
        var open = new Stack<OpenContainer>();
        LocatedNode? root = null;
        try
        {
            while (reader.Read())
            {
                var position = source.PositionOf(reader.TokenStartIndex);
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        open.Peek().PendingName = (reader.GetString()!, position);
                        break;
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        LocatedNode container = reader.TokenType == JsonTokenType.StartObject
                            ? new LocatedObject(position)
                            : new LocatedArray(position);
                        root ??= container;
                        Attach(open, container);
                        open.Push(new OpenContainer(container));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        open.Pop();
                        break;
                    default:
                        var scalar = ReadScalar(ref reader, position);
                        root ??= scalar;
                        Attach(open, scalar);
                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw Describe(ex, source, open);
        }

        return root ?? throw new ImportException(1, 1, JsonSyntaxMessages.EmptyFile);
    }

    private static LocatedScalar ReadScalar(ref Utf8JsonReader reader, SourcePosition position) => reader.TokenType switch
    {
        JsonTokenType.String => new LocatedScalar(position, JsonValueKind.String, reader.GetString()!),
        JsonTokenType.Number => new LocatedScalar(position, JsonValueKind.Number, Encoding.UTF8.GetString(reader.ValueSpan)),
        JsonTokenType.True => new LocatedScalar(position, JsonValueKind.True, "true"),
        JsonTokenType.False => new LocatedScalar(position, JsonValueKind.False, "false"),
        _ => new LocatedScalar(position, JsonValueKind.Null, "null"),
    };

    private static void Attach(Stack<OpenContainer> open, LocatedNode node)
    {
        if (!open.TryPeek(out var parent))
        {
            return;
        }

        if (parent.Node is LocatedObject obj)
        {
            var (name, position) = parent.PendingName!.Value;
            obj.Members.Add(new LocatedMember(name, position, node));
        }
        else
        {
            ((LocatedArray)parent.Node).Items.Add(node);
        }
    }

    private static ImportException Describe(JsonException ex, SourceText source, Stack<OpenContainer> open)
    {
        var lineNumber = ex.LineNumber ?? 0;
        var bytePosition = ex.BytePositionInLine ?? 0;
        var position = source.PositionOf(lineNumber, bytePosition);
        var atEnd = source.IsAtEnd(source.OffsetOf(lineNumber, bytePosition));
        var inObject = open.TryPeek(out var top) && top.Node is LocatedObject;
        var reason = JsonSyntaxMessages.Describe(ex.Message, atEnd, open.Count > 0, inObject);
        return reason == JsonSyntaxMessages.EmptyFile ? new ImportException(1, 1, reason) : new ImportException(position, reason);
    }

    private sealed class OpenContainer(LocatedNode node)
    {
        public LocatedNode Node { get; } = node;
        public (string Name, SourcePosition Position)? PendingName { get; set; }
    }
}
