using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using McpConsole.Core.Catalog;

namespace McpConsole.Web.Features.Probing;

/// <summary>
/// The tool catalog hash of each server (<see cref="ToolCatalog.ComputeHash"/>), recomputed only when the listed tools
/// differ from the previous probe's byte for byte. Canonicalising every schema on every probe took about 5 % of the
/// console's CPU at 100 probes/s, while nearly every probe lists the same bytes again: those need only a SHA-256 over
/// the raw text. Any difference at all (even key order or whitespace) recomputes the canonical hash, so the result is
/// always exactly <see cref="ToolCatalog.ComputeHash"/> of the list.
/// </summary>
public sealed class CatalogHashes
{
    private readonly ConcurrentDictionary<int, (byte[] Raw, string Hash)> _last = new();

    public string Compute(int serverId, IReadOnlyList<ToolDefinition> tools)
    {
        var raw = RawFingerprint(tools);
        if (_last.TryGetValue(serverId, out var last) && last.Raw.AsSpan().SequenceEqual(raw))
        {
            return last.Hash;
        }

        var hash = ToolCatalog.ComputeHash(tools);
        _last[serverId] = (raw, hash);
        return hash;
    }

    public void Forget(int serverId) => _last.TryRemove(serverId, out _);

    // Every field length-prefixed, so no two different lists feed the same bytes.
    private static byte[] RawFingerprint(IReadOnlyList<ToolDefinition> tools)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, tools.Count);
        foreach (var tool in tools)
        {
            AppendText(sha, tool.Name);
            AppendText(sha, tool.Description);
            if (tool.InputSchema is { ValueKind: not JsonValueKind.Undefined } schema)
            {
                var bytes = JsonMarshal.GetRawUtf8Value(schema);
                Append(sha, bytes.Length);
                sha.AppendData(bytes);
            }
            else
            {
                Append(sha, -1);
            }
        }

        return sha.GetHashAndReset();
    }

    private static void AppendText(IncrementalHash sha, string? text)
    {
        Append(sha, text?.Length ?? -1);
        sha.AppendData(MemoryMarshal.AsBytes((text ?? "").AsSpan()));
    }

    private static void Append(IncrementalHash sha, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BitConverter.TryWriteBytes(bytes, value);
        sha.AppendData(bytes);
    }
}
