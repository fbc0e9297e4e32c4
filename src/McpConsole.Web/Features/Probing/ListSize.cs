using System.Runtime.InteropServices;
using System.Text.Json;
using McpConsole.Web.Infrastructure.Limits;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The size of a listed catalog, all pages together, as its text and raw schema bytes (close to the bytes on the
/// wire, without serializing anything again). Over HTTP each message is bounded as it is read; this bounds a list
/// spread over many pages, and over stdio (whose SDK transport reads lines without a limit) it is the only bound:
/// a list over the limit fails the probe instead of being hashed, diffed and stored.
/// </summary>
internal sealed class ListSize(long maxBytes, string what)
{
    private long _bytes;

    public void Add(params ReadOnlySpan<string?> texts)
    {
        foreach (var text in texts)
        {
            _bytes += text?.Length ?? 0; // UTF-16 units: at least one byte each in UTF-8
        }

        Check();
    }

    public void Add(string? name, string? description, JsonElement? schema, JsonElement? outputSchema)
    {
        _bytes += Raw(schema) + Raw(outputSchema);
        Add(name, description);
    }

    private static long Raw(JsonElement? element) =>
        element is { ValueKind: not JsonValueKind.Undefined } e ? JsonMarshal.GetRawUtf8Value(e).Length : 0;

    private void Check()
    {
        if (_bytes > maxBytes)
        {
            throw new ResponseTooLargeException(what, maxBytes);
        }
    }
}
